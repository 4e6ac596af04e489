using DataLogger.Forecasting;
using DataLogger.Ports;
using DataLogger.Readings;
using DataLogger.Site;
using DataLogger.Time;

namespace DataLogger.Charts.Site;

/// <summary>
/// The second half of the flow: query a view's window, render the site, publish its files; and, for the hosts, which
/// views are due (<see cref="ViewSchedule"/>) with when each was drawn kept in the site (<see cref="ViewState"/>). The
/// page is written last, so a reader never sees a page whose chart is not there yet. A file that is in the site as it
/// is already (its hash in the site's <see cref="ViewState"/>: the fonts and their licences, mostly) is not written again.
/// </summary>
public sealed class SitePublisher(ISiteRenderer renderer, IObjectStore site, TimeProvider? time = null)
{
    readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>How far back a sparse series' newest reading is looked for when its day has none: 90 days.</summary>
    public static TimeSpan SparseLookBack { get; } = TimeSpan.FromDays(90);

    /// <summary>How many of a test's last readings the overview's table of tests shows.</summary>
    public const int RecentTestCount = 7;

    /// <summary>The station's notes (in the data bucket), read once a publish for the longest view drawn; none without.</summary>
    public Notes.NoteBook? Notes { get; init; }

    /// <summary>
    /// Publishes the views of <paramref name="request"/> that <paramref name="schedule"/> says are due, given when each
    /// was last drawn (recorded in the site), and records them; returns one result per view drawn, shortest first (the
    /// 24-hour view is always due).
    /// </summary>
    public async Task<IReadOnlyList<PublishResult>> PublishDueAsync(IQueryEngine engine, SiteRequest request, ViewSchedule schedule, CancellationToken cancellationToken = default) =>
        (await PublishDueAsync(engine, [request], schedule, cancellationToken).ConfigureAwait(false))[0];

    /// <summary>
    /// Publishes the due views of several series at once (readings that arrived together): each series' files, then the
    /// files they share (<c>latest.json</c> by one compare-and-swap, the overview page) and the record of the views
    /// drawn once for them all, not once a series. Returns each request's results, as the one-series form does; the
    /// shared files are among the first series' 24-hour result.
    /// </summary>
    public async Task<IReadOnlyList<IReadOnlyList<PublishResult>>> PublishDueAsync(IQueryEngine engine, IReadOnlyList<SiteRequest> requests, ViewSchedule schedule, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentNullException.ThrowIfNull(schedule);
        var now = _time.GetUtcNow();
        var state = await ViewState.LoadAsync(site, cancellationToken).ConfigureAwait(false);
        var written = new Written(state);
        var all = new List<List<PublishResult>>(requests.Count);
        var due = requests.Select(r => (r.Series, Views: schedule.Due(state, r.Series, now))).ToList();
        var notes = await NotesAsync(requests, due.SelectMany(d => d.Views), cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < requests.Count; i++)
        {
            all.Add([.. await PublishViewsAsync(engine, requests[i] with { Notes = notes }, due[i].Views, written, cancellationToken).ConfigureAwait(false)]);
        }

        var shared = await PublishIndexAsync(written, cancellationToken).ConfigureAwait(false);
        if (all.Count > 0)
        {
            WithShared(all[0], shared);
        }

        if (due.Any(d => d.Views.Count > 0) || written.Changed)
        {
            await ViewState.UpdateAsync(site, current => due.Aggregate(written.On(current), (record, d) => record.With(d.Series, d.Views, now)), cancellationToken).ConfigureAwait(false);
        }

        return all;
    }

    /// <summary>
    /// Publishes <paramref name="views"/> of <paramref name="request"/> (the 24-hour view and <c>--last</c> windows from
    /// every reading, longer ones from bands the engine sums up), whether due or not; returns one result per view,
    /// shortest first.
    /// </summary>
    public async Task<IReadOnlyList<PublishResult>> PublishAsync(IQueryEngine engine, SiteRequest request, IReadOnlyList<ChartView> views, CancellationToken cancellationToken = default)
    {
        var written = new Written(await ViewState.LoadAsync(site, cancellationToken).ConfigureAwait(false));
        var notes = await NotesAsync([request], views, cancellationToken).ConfigureAwait(false);
        var results = (await PublishViewsAsync(engine, request with { Notes = notes }, views, written, cancellationToken).ConfigureAwait(false)).ToList();
        WithShared(results, await PublishIndexAsync(written, cancellationToken).ConfigureAwait(false));

        await written.SaveAsync(site, cancellationToken).ConfigureAwait(false);
        return results;
    }

    /// <summary>
    /// What <paramref name="view"/> of <paramref name="request"/> shows for its window, not yet rendered: every reading
    /// (the request's own 24 hours when it has them), or bands with the newest reading; and how many malformed objects
    /// the query skipped.
    /// </summary>
    public Task<(SiteSnapshot Snapshot, int Malformed)> SnapshotAsync(IQueryEngine engine, SiteRequest request, ChartView view, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SnapshotAsync(engine, request, view, request.Day?.Readings is [.., var newest] ? newest : null, cancellationToken);
    }

    // The notes of the longest of the views (one read for every series of the publish), or the caller's own.
    async Task<IReadOnlyList<Notes.Note>> NotesAsync(IReadOnlyList<SiteRequest> requests, IEnumerable<ChartView> views, CancellationToken cancellationToken)
    {
        var longest = views.Select(v => v.Length).DefaultIfEmpty(TimeSpan.Zero).Max();
        if (Notes is null || longest == TimeSpan.Zero || requests.Count == 0)
        {
            return requests.Count > 0 ? requests[0].Notes : [];
        }

        return await Notes.ReadAsync(TimeWindow.Last(longest, requests[0].End ?? _time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
    }

    async Task<IReadOnlyList<PublishResult>> PublishViewsAsync(IQueryEngine engine, SiteRequest request, IReadOnlyList<ChartView> views, Written written, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(views);
        var results = new List<PublishResult>(views.Count);
        Reading? newest = request.Day?.Readings is [.., var last] ? last : null;
        // The records' daily summaries are asked for again when the longer views are drawn (and the first time).
        request = request with { RefreshRecords = request.RefreshRecords || views.Contains(ChartView.Week) };
        foreach (var view in views.OrderBy(v => v.Length))
        {
            var (snapshot, malformed) = await SnapshotAsync(engine, request, view, newest, cancellationToken).ConfigureAwait(false);
            newest ??= snapshot.Latest;
            results.Add(await PublishAsync(snapshot with { Views = request.Tabs }, malformed, written, cancellationToken).ConfigureAwait(false));
        }

        return results;
    }

    async Task<(SiteSnapshot Snapshot, int Malformed)> SnapshotAsync(IQueryEngine engine, SiteRequest request, ChartView view, Reading? newest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(view);
        var now = _time.GetUtcNow();
        var end = request.End ?? now;
        var window = TimeWindow.Last(view.Length, end);
        var empty = new SiteSnapshot(request.Series, request.Title, window, [], request.TimeZone, now)
        {
            View = view,
            Views = [view],
            Interval = request.Interval,
            Layout = request.Layout ?? SiteLayout.Of(request.Series),
            Alerts = request.Alerts,
            Quantity = request.Quantity,
            Notes = [.. request.Notes.Where(n => n.IsAbout(request.Series) && n.FallsIn(window))],
        };
        var (snapshot, malformed) = view.Bucket is { } bucket
            ? (await BandsSnapshotAsync(engine, request, empty, bucket, newest, cancellationToken).ConfigureAwait(false), 0)
            : await ReadingsSnapshotAsync(engine, request, empty, cancellationToken).ConfigureAwait(false);
        return (await WithStatesAsync(request, snapshot, cancellationToken).ConfigureAwait(false), malformed);
    }

    // A temperature's chart has the station's states behind it (the heater's hours on), from each state's own data file
    // of the same view in the site (drawn before it in the same publish, or at its last change): one GET a state, no query.
    async Task<SiteSnapshot> WithStatesAsync(SiteRequest request, SiteSnapshot snapshot, CancellationToken cancellationToken)
    {
        if (request.States.Count == 0 || !request.Quantity.IsTemperature)
        {
            return snapshot;
        }

        var (start, end) = (snapshot.Window.StartUnixSeconds, snapshot.Window.EndUnixSeconds);
        var spans = new List<StateSpan>();
        var changes = new List<(string, IReadOnlyList<(long, bool)>)>();
        foreach (var (series, title) in request.States)
        {
            var rows = await ViewData.RowsAsync(site, snapshot.Layout.FolderOf(series), snapshot.View, cancellationToken).ConfigureAwait(false);
            spans.AddRange(StateSpan.Of(title, rows, snapshot.View.Bucket, start, end));
            if (snapshot.View.Bucket is null)
            {
                changes.Add((title, StateSpan.Changes(rows, start, end)));
            }
        }

        return snapshot with { StateSpans = spans, StateChanges = changes };
    }

    // A view of every reading: its window's, and before it those it is compared with (yesterday's), moved a day later;
    // the 24-hour view also has the forecast (from every reading it read, and the air's from the site) and the records.
    async Task<(SiteSnapshot Snapshot, int Malformed)> ReadingsSnapshotAsync(IQueryEngine engine, SiteRequest request, SiteSnapshot empty, CancellationToken cancellationToken)
    {
        var view = empty.View;
        var window = empty.Window;
        var result = view == ChartView.Day && request.Day is { } day
            ? day
            : await engine.ReadingsAsync(request.Series, view.ReadingsWindow(window.End), cancellationToken).ConfigureAwait(false);
        var all = result.Readings;
        var snapshot = empty with { Readings = [.. all.Where(r => window.Contains(r.Timestamp))] };
        if (view.Comparison is { } comparison)
        {
            var back = (long)comparison.Back.TotalSeconds;
            snapshot = snapshot with
            {
                Compare = [.. all.Where(r => !window.Contains(r.Timestamp) && window.Contains(r.Timestamp + back)).Select(r => r.MovedTo(r.Timestamp + back))],
            };
        }

        if (!request.Answers)
        {
            return (snapshot, result.Malformed);
        }

        // A sparse series (a test by hand, a state told only when it changes) is as old as its newest reading, however
        // long ago: "pH 7.4, 2 days ago", not "no data"; a test's last few are the overview's table of tests.
        if (view == ChartView.Day && request.Interval == TimeSpan.Zero && (snapshot.Readings.Count == 0 || !request.Quantity.IsState))
        {
            var before = (await engine.ReadingsAsync(request.Series, TimeWindow.Last(SparseLookBack, window.End), cancellationToken).ConfigureAwait(false)).Readings;
            snapshot = snapshot with
            {
                NewestReading = snapshot.Readings.Count == 0 && before.Count > 0 ? before[^1] : snapshot.NewestReading,
                RecentTests = request.Quantity.IsState ? [] : [.. before.TakeLast(RecentTestCount)],
            };
        }

        // The rate and the ready-by time are a temperature's; the records any number's (a state has none).
        if (view == ChartView.Day && request.Quantity.IsTemperature)
        {
            var ambient = request.Goal?.Ambient is { } air && snapshot.Layout.Series.Contains(air)
                ? await ViewData.ReadingsAsync(site, snapshot.Layout.FolderOf(air), cancellationToken).ConfigureAwait(false)
                : [];
            snapshot = snapshot with { Forecast = Trend.Of(all, request.Goal, ambient) };
        }

        if (view == ChartView.Day && !request.Quantity.IsState)
        {
            snapshot = snapshot with
            {
                Records = await DailySummaries.RecordsAsync(engine, site, snapshot, request.RefreshRecords, request.Goal?.Target, cancellationToken).ConfigureAwait(false),
            };
        }

        return (snapshot, result.Malformed);
    }

    // A view of bands, with the newest reading, and the same days last year's bands moved a year later.
    static async Task<SiteSnapshot> BandsSnapshotAsync(IQueryEngine engine, SiteRequest request, SiteSnapshot empty, TimeSpan bucket, Reading? newest, CancellationToken cancellationToken)
    {
        var end = empty.Window.End;
        if (newest is null)
        {
            var recent = await engine.ReadingsAsync(request.Series, TimeWindow.Last(ChartView.Day.Length, end), cancellationToken).ConfigureAwait(false);
            newest = recent.Readings.Count > 0 ? recent.Readings[^1] : null;
        }

        var bands = await engine.BandsAsync(request.Series, empty.Window, bucket, cancellationToken).ConfigureAwait(false);
        var snapshot = empty with { Bands = bands, NewestReading = newest };
        if (empty.View.Comparison is { } comparison)
        {
            var back = comparison.Back;
            var before = await engine.BandsAsync(request.Series, new TimeWindow(empty.Window.Start - back, end - back), bucket, cancellationToken).ConfigureAwait(false);
            snapshot = snapshot with { CompareBands = [.. before.Select(b => b with { Start = b.Start + (long)back.TotalSeconds })] };
        }

        return snapshot;
    }

    // Renders and publishes a snapshot; a 24-hour snapshot's summary is kept for the site's index (PublishIndexAsync).
    async Task<PublishResult> PublishAsync(SiteSnapshot snapshot, int malformed, Written written, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var files = renderer.Render(snapshot).ToList();
        var unchanged = new List<string>();
        await PutAsync(files, written, unchanged, cancellationToken).ConfigureAwait(false);
        if (snapshot.View == ChartView.Day)
        {
            written.Summaries.Add((SeriesSummary.Of(snapshot, snapshot.Folder), snapshot));
        }

        return new PublishResult(snapshot, files, malformed) { Unchanged = unchanged };
    }

    // The files the series share, counted with the 24-hour view's result of those that asked for them.
    static void WithShared(List<PublishResult> results, (List<SiteFile> Files, List<string> Unchanged) shared)
    {
        if (shared.Files.Count > 0 && results.FindIndex(r => r.Snapshot.View == ChartView.Day) is var day and >= 0)
        {
            results[day] = results[day] with { Files = [.. results[day].Files, .. shared.Files], Unchanged = [.. results[day].Unchanged, .. shared.Unchanged] };
        }
    }

    // The site's index with the 24-hour summaries of this publish (latest.json by compare-and-swap, since another
    // publish may update it at once: in AWS, renders of queries that ran side by side), and the overview drawn from it.
    async Task<(List<SiteFile> Files, List<string> Unchanged)> PublishIndexAsync(Written written, CancellationToken cancellationToken)
    {
        var files = new List<SiteFile>();
        var unchanged = new List<string>();
        if (written.Summaries.Count == 0)
        {
            return (files, unchanged);
        }

        var last = written.Summaries[^1].Snapshot;
        var (index, indexWritten) = await SiteIndex.UpdateAsync(
            site,
            last.TimeZone,
            current => written.Summaries.Aggregate(current, (index, s) => index.With(s.Summary, s.Snapshot.Layout, _time.GetUtcNow())) with { TimeZone = last.TimeZone },
            cancellationToken).ConfigureAwait(false);
        var shared = renderer.RenderIndex(index, last.Layout);
        var latest = shared.Single(f => f.Name == SiteFiles.Latest);
        if (indexWritten)
        {
            written.Record(latest.Name, ViewState.HashOf(latest));
        }
        else
        {
            unchanged.Add(latest.Name);
        }

        await PutAsync(shared.Where(f => f != latest), written, unchanged, cancellationToken).ConfigureAwait(false);
        files.AddRange(shared);
        return (files, unchanged);
    }

    // The files that changed, side by side (each write waits on the disk's flush, or on S3), a page after what it shows.
    async Task PutAsync(IEnumerable<SiteFile> files, Written written, List<string> unchanged, CancellationToken cancellationToken)
    {
        var changed = new List<(SiteFile File, string Hash)>();
        foreach (var file in files)
        {
            if (written.IsUnchanged(file, out var hash))
            {
                unchanged.Add(file.Name);
            }
            else
            {
                changed.Add((file, hash));
            }
        }

        foreach (var pages in new[] { false, true })
        {
            var group = changed.Where(c => c.File.ContentType.StartsWith("text/html", StringComparison.Ordinal) == pages).ToList();
            await Task.WhenAll(group.Select(c => site.PutAsync(c.File.Name, c.File.Body, c.File.ContentType, cancellationToken))).ConfigureAwait(false);
            foreach (var (file, hash) in group)
            {
                written.Record(file.Name, hash);
            }
        }
    }

    // The files of the site as last written (from its ViewState), and those written since: one publish's record.
    sealed class Written(ViewState state)
    {
        readonly Dictionary<string, string> _since = new(StringComparer.Ordinal);

        // The 24-hour views' summaries, for the site's index, written once after every series.
        public List<(SeriesSummary Summary, SiteSnapshot Snapshot)> Summaries { get; } = [];

        public bool Changed => _since.Count > 0;

        // The files written since, recorded on the site's record as it is now (another publish may have changed it).
        public ViewState On(ViewState current) => Changed ? current.WithFiles(_since) : current;

        public bool IsUnchanged(SiteFile file, out string hash)
        {
            hash = ViewState.HashOf(file);
            return (_since.TryGetValue(file.Name, out var known) || state.Files.TryGetValue(file.Name, out known)) && known == hash;
        }

        public void Record(string name, string hash) => _since[name] = hash;

        public Task SaveAsync(IObjectStore site, CancellationToken cancellationToken) =>
            Changed ? ViewState.UpdateAsync(site, On, cancellationToken) : Task.CompletedTask;
    }
}

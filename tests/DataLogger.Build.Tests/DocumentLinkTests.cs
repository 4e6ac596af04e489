using System.Text.RegularExpressions;
using DataLogger.Testing;
using Markdig;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace DataLogger.Build.Tests;

/// <summary>
/// The front door: the README fits on a screen (at most 8 KB), and no relative link of the README, the changelog or
/// the documents under docs/ is broken: each file it names is there, and each anchor is a heading of that file (as
/// GitHub makes them: Markdig's GitHub identifiers). Images and links in HTML tags count too.
/// </summary>
public sealed class DocumentLinkTests
{
    static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseAutoIdentifiers(Markdig.Extensions.AutoIdentifiers.AutoIdentifierOptions.GitHub).UsePipeTables().Build();

    static IEnumerable<string> Documents() =>
        [
            Path.Join(RepositoryRoot.Path, "README.md"),
            Path.Join(RepositoryRoot.Path, "CHANGELOG.md"),
            .. Directory.GetFiles(Path.Join(RepositoryRoot.Path, "docs"), "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal),
        ];

    [Fact]
    public void The_readme_is_at_most_8_kb() =>
        Assert.InRange(new FileInfo(Path.Join(RepositoryRoot.Path, "README.md")).Length, 1, 8 * 1024);

    [Fact]
    public void Every_relative_link_and_anchor_of_the_documents_leads_somewhere()
    {
        var broken = Documents().SelectMany(Broken).ToList();
        Assert.True(broken.Count == 0, $"{broken.Count} broken links:\n" + string.Join('\n', broken));
    }

    [Fact]
    public void A_missing_file_and_a_missing_anchor_are_found()
    {
        var temp = Directory.CreateTempSubdirectory();
        try
        {
            var page = Path.Join(temp.FullName, "page.md");
            File.WriteAllText(page, "# Title\n\n## The `run` command\n\n[ok](#the-run-command) [bad](#nowhere) [gone](other.md) <img src=\"gone.png\">\n");
            Assert.Equal(["#nowhere: no heading 'nowhere' in page.md", "other.md: no such file", "gone.png: no such file"],
                Broken(page).Select(b => b[(b.IndexOf(": ", StringComparison.Ordinal) + 2)..]));
        }
        finally
        {
            temp.Delete(recursive: true);
        }
    }

    // Each broken link of a document: "docs/guide/3-commands.md: other.md#x: no heading 'x' in other.md".
    static IEnumerable<string> Broken(string document)
    {
        var folder = Path.GetDirectoryName(document)!;
        foreach (var target in Targets(File.ReadAllText(document)))
        {
            if (Regex.IsMatch(target, "^[a-z]+:", RegexOptions.IgnoreCase))
            {
                continue; // https:, mailto:
            }

            var hash = target.IndexOf('#', StringComparison.Ordinal);
            var path = hash < 0 ? target : target[..hash];
            var file = path.Length == 0 ? document : Path.GetFullPath(Path.Join(folder, Uri.UnescapeDataString(path)));
            var name = Path.GetRelativePath(RepositoryRoot.Path, document);
            if (!File.Exists(file) && !Directory.Exists(file))
            {
                yield return $"{name}: {target}: no such file";
            }
            else if (hash >= 0 && file.EndsWith(".md", StringComparison.Ordinal) && !Headings(file).Contains(target[(hash + 1)..]))
            {
                yield return $"{name}: {target}: no heading '{target[(hash + 1)..]}' in {Path.GetFileName(file)}";
            }
        }
    }

    // Where a document's links and images point, in Markdown and in HTML tags.
    static IEnumerable<string> Targets(string markdown)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        foreach (var link in document.Descendants<LinkInline>())
        {
            if (link.Url is { Length: > 0 } url)
            {
                yield return url;
            }
        }

        foreach (var html in document.Descendants<HtmlBlock>().Select(b => b.Lines.ToString()).Concat(document.Descendants<HtmlInline>().Select(i => i.Tag)))
        {
            foreach (Match m in Regex.Matches(html, "(?:src|href)=\"([^\"]+)\""))
            {
                yield return m.Groups[1].Value;
            }
        }
    }

    // A file's headings' anchors, as GitHub makes them.
    static HashSet<string> Headings(string file) =>
        [.. Markdown.Parse(File.ReadAllText(file), Pipeline).Descendants<HeadingBlock>().Select(h => h.GetAttributes().Id).OfType<string>()];
}

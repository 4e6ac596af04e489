using Amazon.CDK;
using Amazon.CDK.AWS.Athena;
using Amazon.CDK.AWS.Glue;
using Amazon.CDK.AWS.S3;
using DataLogger.Aws;
using DataLogger.Query;

namespace DataLogger.Infra.Parts;

/// <summary>
/// Athena's side: our own workgroup (enforced results location, a scan cutoff), the Glue database, and the catalog
/// (<see cref="GlueTable"/>): the JSON objects' table, the compacted days' Parquet table, and the view every query reads,
/// their union.
/// </summary>
sealed class Catalog
{
    readonly Stack _stack;
    readonly Bucket _data;
    readonly CfnDatabase _database;

    public Catalog(Stack stack, string workGroupName, Bucket data, Bucket results)
    {
        _stack = stack;
        _data = data;
        WorkGroupName = workGroupName;
        WorkGroup = new CfnWorkGroup(stack, "WorkGroup", new CfnWorkGroupProps
        {
            Name = workGroupName,
            RecursiveDeleteOption = true,
            WorkGroupConfiguration = new CfnWorkGroup.WorkGroupConfigurationProperty
            {
                EnforceWorkGroupConfiguration = true,
                BytesScannedCutoffPerQuery = 100L * 1024 * 1024,
                PublishCloudWatchMetricsEnabled = true,
                ResultConfiguration = new CfnWorkGroup.ResultConfigurationProperty
                {
                    OutputLocation = $"s3://{results.BucketName}/athena/",
                    EncryptionConfiguration = new CfnWorkGroup.EncryptionConfigurationProperty { EncryptionOption = "SSE_S3" },
                },
            },
        });
        _database = new CfnDatabase(stack, "Database", new CfnDatabaseProps
        {
            CatalogId = stack.Account,
            DatabaseInput = new CfnDatabase.DatabaseInputProperty { Name = DataLoggerStack.DatabaseName, Description = "DataLogger readings" },
        });
        var json = Table("Table", GlueTable.JsonTable(View), "one JSON object each", GlueTable.Parameters(data.BucketName).ToDictionary(),
            TextInputFormat, TextOutputFormat,
            new CfnTable.SerdeInfoProperty { SerializationLibrary = GlueTable.SerDe, Parameters = GlueTable.SerDeParameters.ToDictionary() });
        var compacted = Table("CompactedTable", GlueTable.CompactedTable(View), "one Parquet object per compacted day", GlueTable.CompactedParameters(data.BucketName).ToDictionary(),
            GlueTable.ParquetInputFormat, GlueTable.ParquetOutputFormat,
            new CfnTable.SerdeInfoProperty { SerializationLibrary = GlueTable.ParquetSerDe });
        var view = ReadingsView();
        view.AddDependency(json);
        view.AddDependency(compacted);

        // The notes: their own objects and the compacted months, and the view over both (NotesTable).
        var jsonSerDe = new CfnTable.SerdeInfoProperty { SerializationLibrary = GlueTable.SerDe, Parameters = GlueTable.SerDeParameters.ToDictionary() };
        var notes = Table("NotesTable", GlueTable.NotesJsonTable, "notes, one JSON object each", GlueTable.NotesParameters(data.BucketName).ToDictionary(),
            TextInputFormat, TextOutputFormat, jsonSerDe, NotesTable.DataColumns, GlueTable.NotesJsonPartitionColumns);
        var compactedNotes = Table("CompactedNotesTable", GlueTable.NotesCompactedTable, "notes, a compacted month's object each (a note a line)", GlueTable.NotesCompactedParameters(data.BucketName).ToDictionary(),
            TextInputFormat, TextOutputFormat, jsonSerDe, NotesTable.DataColumns, NotesTable.PartitionColumns);
        var notesView = ViewTable("NotesView", NotesTable.DefaultName, "DataLogger notes: their own objects and the compacted months, each note once",
            GlueTable.NotesPrestoView(DataLoggerStack.DatabaseName), NotesTable.Columns);
        notesView.AddDependency(notes);
        notesView.AddDependency(compactedNotes);
    }

    const string TextInputFormat = "org.apache.hadoop.mapred.TextInputFormat";

    const string TextOutputFormat = "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat";

    /// <summary>The view every query reads.</summary>
    public static string View => ReadingsTable.DefaultName;

    /// <summary>The workgroup's name.</summary>
    public string WorkGroupName { get; }

    /// <summary>The workgroup.</summary>
    public CfnWorkGroup WorkGroup { get; }

    /// <summary>The workgroup's ARN, which the querying functions may start queries in.</summary>
    public string WorkGroupArn => $"arn:{_stack.Partition}:athena:{_stack.Region}:{_stack.Account}:workgroup/{WorkGroupName}";

    /// <summary>The catalog, the database, the view and its two tables: what a query reads from Glue.</summary>
    public string[] GlueArns =>
    [
        $"arn:{_stack.Partition}:glue:{_stack.Region}:{_stack.Account}:catalog",
        $"arn:{_stack.Partition}:glue:{_stack.Region}:{_stack.Account}:database/{DataLoggerStack.DatabaseName}",
        $"arn:{_stack.Partition}:glue:{_stack.Region}:{_stack.Account}:table/{DataLoggerStack.DatabaseName}/{View}",
        $"arn:{_stack.Partition}:glue:{_stack.Region}:{_stack.Account}:table/{DataLoggerStack.DatabaseName}/{GlueTable.JsonTable(View)}",
        $"arn:{_stack.Partition}:glue:{_stack.Region}:{_stack.Account}:table/{DataLoggerStack.DatabaseName}/{GlueTable.CompactedTable(View)}",
    ];

    CfnTable Table(string id, string name, string format, IDictionary<string, string> parameters, string inputFormat, string outputFormat, CfnTable.SerdeInfoProperty serde,
        IReadOnlyList<ReadingsTable.Column>? dataColumns = null, IReadOnlyList<ReadingsTable.Column>? partitionColumns = null)
    {
        var table = new CfnTable(_stack, id, new CfnTableProps
        {
            CatalogId = _stack.Account,
            DatabaseName = DataLoggerStack.DatabaseName,
            TableInput = new CfnTable.TableInputProperty
            {
                Name = name,
                Description = format.StartsWith("notes", StringComparison.Ordinal) ? $"DataLogger {format}" : $"DataLogger readings, {format}",
                TableType = "EXTERNAL_TABLE",
                Parameters = parameters,
                PartitionKeys = (partitionColumns ?? ReadingsTable.PartitionColumns).Select(Column).ToArray(),
                StorageDescriptor = new CfnTable.StorageDescriptorProperty
                {
                    Location = GlueTable.Location(_data.BucketName),
                    Columns = (dataColumns ?? ReadingsTable.DataColumns).Select(Column).ToArray(),
                    InputFormat = inputFormat,
                    OutputFormat = outputFormat,
                    SerdeInfo = serde,
                },
            },
        });
        table.AddDependency(_database);
        return table;
    }

    CfnTable ReadingsView() => ViewTable("View", View, "DataLogger readings: the JSON objects and the compacted days, each reading once",
        GlueTable.PrestoView(View, DataLoggerStack.DatabaseName), ReadingsTable.Columns);

    CfnTable ViewTable(string id, string name, string description, string prestoView, IReadOnlyList<ReadingsTable.Column> columns) => new(_stack, id, new CfnTableProps
    {
        CatalogId = _stack.Account,
        DatabaseName = DataLoggerStack.DatabaseName,
        TableInput = new CfnTable.TableInputProperty
        {
            Name = name,
            Description = description,
            TableType = "VIRTUAL_VIEW",
            Parameters = GlueTable.ViewParameters.ToDictionary(),
            ViewOriginalText = prestoView,
            ViewExpandedText = GlueTable.PrestoViewExpandedText,
            StorageDescriptor = new CfnTable.StorageDescriptorProperty
            {
                Columns = columns.Select(Column).ToArray(),
                SerdeInfo = new CfnTable.SerdeInfoProperty(),
            },
        },
    });

    static CfnTable.ColumnProperty Column(ReadingsTable.Column column) =>
        new() { Name = column.Name, Type = column.HiveType, Comment = column.Comment };
}

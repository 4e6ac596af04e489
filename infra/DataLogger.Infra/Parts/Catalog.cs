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
            "org.apache.hadoop.mapred.TextInputFormat", "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
            new CfnTable.SerdeInfoProperty { SerializationLibrary = GlueTable.SerDe, Parameters = GlueTable.SerDeParameters.ToDictionary() });
        var compacted = Table("CompactedTable", GlueTable.CompactedTable(View), "one Parquet object per compacted day", GlueTable.CompactedParameters(data.BucketName).ToDictionary(),
            GlueTable.ParquetInputFormat, GlueTable.ParquetOutputFormat,
            new CfnTable.SerdeInfoProperty { SerializationLibrary = GlueTable.ParquetSerDe });
        var view = ReadingsView();
        view.AddDependency(json);
        view.AddDependency(compacted);
    }

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

    CfnTable Table(string id, string name, string format, IDictionary<string, string> parameters, string inputFormat, string outputFormat, CfnTable.SerdeInfoProperty serde)
    {
        var table = new CfnTable(_stack, id, new CfnTableProps
        {
            CatalogId = _stack.Account,
            DatabaseName = DataLoggerStack.DatabaseName,
            TableInput = new CfnTable.TableInputProperty
            {
                Name = name,
                Description = $"DataLogger readings, {format}",
                TableType = "EXTERNAL_TABLE",
                Parameters = parameters,
                PartitionKeys = ReadingsTable.PartitionColumns.Select(Column).ToArray(),
                StorageDescriptor = new CfnTable.StorageDescriptorProperty
                {
                    Location = GlueTable.Location(_data.BucketName),
                    Columns = ReadingsTable.DataColumns.Select(Column).ToArray(),
                    InputFormat = inputFormat,
                    OutputFormat = outputFormat,
                    SerdeInfo = serde,
                },
            },
        });
        table.AddDependency(_database);
        return table;
    }

    CfnTable ReadingsView() => new(_stack, "View", new CfnTableProps
    {
        CatalogId = _stack.Account,
        DatabaseName = DataLoggerStack.DatabaseName,
        TableInput = new CfnTable.TableInputProperty
        {
            Name = View,
            Description = "DataLogger readings: the JSON objects and the compacted days, each reading once",
            TableType = "VIRTUAL_VIEW",
            Parameters = GlueTable.ViewParameters.ToDictionary(),
            ViewOriginalText = GlueTable.PrestoView(View, DataLoggerStack.DatabaseName),
            ViewExpandedText = GlueTable.PrestoViewExpandedText,
            StorageDescriptor = new CfnTable.StorageDescriptorProperty
            {
                Columns = ReadingsTable.Columns.Select(Column).ToArray(),
                SerdeInfo = new CfnTable.SerdeInfoProperty(),
            },
        },
    });

    static CfnTable.ColumnProperty Column(ReadingsTable.Column column) =>
        new() { Name = column.Name, Type = column.HiveType, Comment = column.Comment };
}

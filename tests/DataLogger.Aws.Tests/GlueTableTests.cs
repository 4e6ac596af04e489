using DataLogger.Aws;

namespace DataLogger.Aws.Tests;

/// <summary>The Glue catalog the stack deploys and <c>athena ddl</c> prints: the two tables, their projection, and the view.</summary>
public sealed class GlueTableTests
{
    [Fact]
    public void The_ddl_declares_the_serde_the_projection_and_the_key_layout()
    {
        var ddl = GlueTable.Ddl("pooldb", "readings", "my-data", "");
        Assert.Contains("`timestamp` bigint", ddl);
        Assert.Contains("PARTITIONED BY (\n  `series` string", ddl);
        Assert.Contains("'ignore.malformed.json' = 'true'", ddl);
        Assert.Contains("'projection.series.type' = 'injected'", ddl);
        Assert.Contains("'projection.month.digits' = '2'", ddl);
        Assert.Contains("'storage.location.template' = 's3://my-data/${series}/${year}/${month}/${day}/'", ddl);
        Assert.Contains("CREATE EXTERNAL TABLE IF NOT EXISTS `pooldb`.`readings_json`", ddl);
        Assert.Contains("CREATE EXTERNAL TABLE IF NOT EXISTS `pooldb`.`readings_compacted`", ddl);
        Assert.Contains("STORED AS PARQUET", ddl);
        Assert.Contains("'storage.location.template' = 's3://my-data/${series}/compacted/${year}/${month}/${day}/'", ddl);
        Assert.Contains("CREATE OR REPLACE VIEW `pooldb`.`readings` AS\nSELECT series, year, month, day, \"timestamp\", celsius, celcius, fahrenheit, sensor, value, unit FROM readings_json\nUNION\nSELECT", ddl);
    }

    [Fact]
    public void The_view_is_kept_as_athena_keeps_its_views_in_glue()
    {
        var text = GlueTable.PrestoView("readings", "pooldb");
        Assert.StartsWith("/* Presto View: ", text, StringComparison.Ordinal);
        Assert.EndsWith(" */", text, StringComparison.Ordinal);
        var definition = System.Text.Json.Nodes.JsonNode.Parse(Convert.FromBase64String(text["/* Presto View: ".Length..^" */".Length]))!;
        Assert.Equal(GlueTable.ViewSql("readings"), (string?)definition["originalSql"]);
        Assert.Equal("awsdatacatalog", (string?)definition["catalog"]);
        Assert.Equal("pooldb", (string?)definition["schema"]);
        var columns = definition["columns"]!.AsArray().Select(c => $"{c!["name"]} {c["type"]}").ToList();
        Assert.Equal(["series varchar", "year integer", "month integer", "day integer", "timestamp bigint", "celsius double", "celcius double", "fahrenheit double", "sensor varchar", "value double", "unit varchar"], columns);
    }

    [Fact]
    public void The_notes_have_their_two_tables_and_a_view_beside_the_readings()
    {
        var ddl = GlueTable.Ddl("pooldb", "readings", "my-data", "");
        Assert.Contains("CREATE EXTERNAL TABLE IF NOT EXISTS `pooldb`.`notes_json` (\n  `timestamp` bigint", ddl);
        Assert.Contains("`end` bigint", ddl);
        Assert.Contains("'storage.location.template' = 's3://my-data/notes/${year}/${month}/${day}/'", ddl);
        Assert.Contains("CREATE EXTERNAL TABLE IF NOT EXISTS `pooldb`.`notes_compacted`", ddl);
        Assert.Contains("'storage.location.template' = 's3://my-data/notes/compacted/${year}/${month}/'", ddl);
        Assert.Contains("CREATE OR REPLACE VIEW `pooldb`.`notes` AS\nSELECT year, month, \"timestamp\", \"end\", series, text FROM notes_json\nUNION\n", ddl);
        var compacted = GlueTable.NotesCompactedParameters("my-data");
        Assert.DoesNotContain("projection.day.type", compacted.Keys);
        Assert.DoesNotContain("projection.series.type", compacted.Keys);
        Assert.Equal("integer", GlueTable.NotesParameters("my-data")["projection.day.type"]);
        var text = GlueTable.NotesPrestoView("pooldb");
        var definition = System.Text.Json.Nodes.JsonNode.Parse(Convert.FromBase64String(text["/* Presto View: ".Length..^" */".Length]))!;
        Assert.Equal(GlueTable.NotesViewSql, (string?)definition["originalSql"]);
        Assert.Equal(["year integer", "month integer", "timestamp bigint", "end bigint", "series varchar", "text varchar"], definition["columns"]!.AsArray().Select(c => $"{c!["name"]} {c["type"]}"));
    }
}

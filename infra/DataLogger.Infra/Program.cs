using Amazon.CDK;
using DataLogger.Infra;

// cdk synth / cdk deploy run this (see infra/cdk.json). The functions' package must exist: it is built with
// dotnet publish src/DataLogger.Functions -c Release -r linux-arm64 -p:FunctionsZip=artifacts/functions.zip
var app = new App();
var root = FindRoot();
var settings = DataLoggerSettings.FromContext(app, Path.Join(root, "artifacts", "functions.zip"));
if (!File.Exists(settings.FunctionsZip))
{
    Console.Error.WriteLine($"error: the functions' package {settings.FunctionsZip} is missing: build it with");
    Console.Error.WriteLine("  dotnet publish src/DataLogger.Functions -c Release -r linux-arm64 -p:FunctionsZip=artifacts/functions.zip");
    return 2;
}

_ = new DataLoggerStack(app, "DataLogger", settings, new StackProps
{
    Env = new Amazon.CDK.Environment
    {
        Account = System.Environment.GetEnvironmentVariable("CDK_DEFAULT_ACCOUNT"),
        Region = System.Environment.GetEnvironmentVariable("CDK_DEFAULT_REGION"),
    },
    Description = "DataLogger: readings, Athena, the three functions and the site.",
});
app.Synth();
return 0;

static string FindRoot()
{
    for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Join(dir.FullName, "DataLogger.slnx")))
        {
            return dir.FullName;
        }
    }

    return Directory.GetCurrentDirectory();
}

namespace DataLogger.Testing;

/// <summary>The clone's root folder (the one with DataLogger.slnx), found from the test's output folder.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Join(dir.FullName, "DataLogger.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("DataLogger.slnx not found above " + AppContext.BaseDirectory);
    }
}

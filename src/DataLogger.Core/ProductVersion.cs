using System.Reflection;

namespace DataLogger;

/// <summary>
/// DataLogger's version, from the build (the repository's <c>VERSION</c> file, which a release tag repeats): the one
/// owner that <c>--version</c>, the page's footer, <c>latest.json</c>, the Debian package and <c>doctor</c> ask.
/// </summary>
public static class ProductVersion
{
    static readonly string Informational =
        typeof(ProductVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    /// <summary>The release, such as <c>0.26.0</c>.</summary>
    public static string Current { get; } = Informational.Split('+')[0];

    /// <summary>The release and the commit it was built from, such as <c>0.26.0+0e428ff…</c>.</summary>
    public static string Full => Informational;
}

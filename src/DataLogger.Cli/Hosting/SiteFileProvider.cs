using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.FileProviders.Physical;
using Microsoft.Extensions.Primitives;

namespace DataLogger.Cli.Hosting;

/// <summary>
/// The site folder's files as the server sees them: the physical folder without dot-files, and without anything reached
/// through a symbolic link. The site is written by the publisher, which makes none, so a link in it (<c>ln -s /etc/passwd
/// site/x.txt</c>, or a linked folder) is never followed out of the folder: it answers 404 like a file that is not there.
/// </summary>
sealed class SiteFileProvider(string root) : IFileProvider, IDisposable
{
    readonly string _root = Path.GetFullPath(root);
    readonly PhysicalFileProvider _files = new(root, ExclusionFilters.Sensitive);

    public IFileInfo GetFileInfo(string subpath)
    {
        var file = _files.GetFileInfo(subpath);
        return file.PhysicalPath is { } path && ThroughLink(path) ? new NotFoundFileInfo(subpath) : file;
    }

    public IDirectoryContents GetDirectoryContents(string subpath) =>
        _files.GetDirectoryContents(subpath) is var contents && contents.Exists && ThroughLink(Path.Join(_root, subpath)) ? NotFoundDirectoryContents.Singleton : contents;

    public IChangeToken Watch(string filter) => _files.Watch(filter);

    public void Dispose() => _files.Dispose();

    // Whether the path, or a folder between the root and it, is a symbolic link.
    bool ThroughLink(string path)
    {
        for (var current = Path.GetFullPath(path); current.Length > _root.Length && current.StartsWith(_root, StringComparison.Ordinal); current = Path.GetDirectoryName(current)!)
        {
            if (new FileInfo(current).LinkTarget is not null)
            {
                return true;
            }
        }

        return false;
    }
}

using System.Text;

namespace Conformance.NixDriver.Rendering;

/// <summary>A rendered directory as relative path → file content. Pure until <see cref="WriteTo"/>.</summary>
public sealed record RenderedTree(IReadOnlyDictionary<string, string> Files)
{
    /// <summary>Writes every file under <paramref name="directory"/> (created as needed).</summary>
    public void WriteTo(string directory)
    {
        foreach (var (relative, content) in Files)
        {
            var path = Path.Combine(directory, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, content, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        }
    }

    /// <summary>This tree placed under a subdirectory of another.</summary>
    public IEnumerable<KeyValuePair<string, string>> Under(string prefix) =>
        Files.Select(kv => KeyValuePair.Create(prefix + "/" + kv.Key, kv.Value));

    /// <summary>The whole tree as one text (the reducer's cache key, snapshot tests): each file under a header line.</summary>
    public string ToListing() =>
        string.Concat(Files.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"=== {kv.Key}\n{kv.Value}"));
}

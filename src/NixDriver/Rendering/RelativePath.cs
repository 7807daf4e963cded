namespace Conformance.NixDriver.Rendering;

/// <summary>Paths inside a rendered tree, as its files refer to each other (<c>./x.nix</c>, <c>../y/z.nix</c>).</summary>
internal static class RelativePath
{
    /// <summary>A relative path with <c>.</c> and <c>..</c> resolved ("" is the root); null when it leaves the root.</summary>
    public static string? Normalise(string path)
    {
        var parts = new List<string>();
        foreach (var segment in path.Split('/'))
        {
            if (segment is "" or ".") continue;
            if (segment == "..") { if (parts.Count == 0) return null; parts.RemoveAt(parts.Count - 1); continue; }
            parts.Add(segment);
        }
        return string.Join('/', parts);
    }
}

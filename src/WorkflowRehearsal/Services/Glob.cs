using System.Text;
using System.Text.RegularExpressions;

namespace Conformance.WorkflowRehearsal.Services;

/// <summary>
/// The path patterns actions/cache, upload-artifact and hashFiles take, as @actions/glob reads them
/// (bundled in actions/cache v4.2.4, dist/save-only/index.js: Pattern 5825–5882, getSearchPaths
/// 5720–5759): one pattern per line, <c>!</c> excludes, <c>~</c> is the home, a relative pattern is
/// relative to the working directory (the workspace), <c>*</c>, <c>?</c>, <c>[…]</c> and <c>**</c>;
/// a trailing <c>/</c> matches directories only; the <b>search path</b> of a pattern is its literal
/// part before the first segment with a wildcard, and a search path below another one is dropped.
/// Paths here are host paths (the machine's, mapped by the caller).
/// </summary>
internal sealed class Glob
{
    private readonly List<(bool Negate, string Pattern, Regex Regex, bool DirectoriesOnly, string SearchPath)> _patterns = [];

    /// <param name="patterns">The action's input (multi-line); empty lines are ignored, as <c>getInputAsArray</c> does.</param>
    /// <param name="resolve">Turns one pattern line (after <c>~</c> and workspace resolution) into a host path pattern.</param>
    public Glob(string patterns, string home, string workingDirectory, Func<string, string> resolve)
    {
        foreach (var raw in patterns.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')))
        {
            var line = raw;
            var negate = false;
            while (line.StartsWith('!')) { negate = !negate; line = line[1..].Trim(); }
            if (line == "~" || line.StartsWith("~/", StringComparison.Ordinal)) line = home + line[1..];
            if (!line.StartsWith('/')) line = Path.Combine(workingDirectory, line);
            var directoriesOnly = line.EndsWith('/') && line.Length > 1;
            var normalized = Normalize(line);
            var host = resolve(normalized);
            var segments = host.Split('/');
            var literal = segments.TakeWhile(s => !IsWild(s)).ToList();
            var search = literal.Count <= 1 ? "/" : string.Join('/', literal);
            _patterns.Add((negate, host, ToRegex(host), directoriesOnly, search));
        }
    }

    /// <summary>The search paths (@actions/glob getSearchPaths): non-negated patterns' literal prefixes, none below another.</summary>
    public IReadOnlyList<string> SearchPaths
    {
        get
        {
            var candidates = _patterns.Where(p => !p.Negate).Select(p => p.SearchPath).ToList();
            var set = candidates.ToHashSet(StringComparer.Ordinal);
            var result = new List<string>();
            foreach (var path in candidates)
            {
                if (result.Contains(path)) continue;
                var parent = Path.GetDirectoryName(path);
                var ancestor = false;
                while (parent is not null)
                {
                    if (set.Contains(parent)) { ancestor = true; break; }
                    parent = Path.GetDirectoryName(parent);
                }
                if (!ancestor) result.Add(path);
            }
            return result;
        }
    }

    /// <summary>
    /// Matching paths, files and directories, in sorted order. <paramref name="implicitDescendants"/>: a
    /// matched directory also matches everything below it (upload-artifact's default; actions/cache
    /// and hashFiles resolve without it). <paramref name="excludeHidden"/>: names starting with '.' are
    /// left out, with everything below them (upload-artifact's include-hidden-files: false).
    /// </summary>
    public IReadOnlyList<string> Match(bool implicitDescendants, bool excludeHidden)
    {
        var result = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var search in SearchPaths)
        {
            if (!Path.Exists(search)) continue;
            foreach (var path in Walk(search, excludeHidden))
            {
                var included = false;
                foreach (var p in _patterns)
                {
                    var hit = p.Regex.IsMatch(path) && (!p.DirectoriesOnly || Directory.Exists(path));
                    if (!hit && implicitDescendants && !p.Negate)
                        hit = Ancestors(path).Any(a => p.Regex.IsMatch(a) && Directory.Exists(a));
                    if (hit) included = !p.Negate;
                }
                if (included) result.Add(path);
            }
        }
        return result.ToList();
    }

    private static IEnumerable<string> Ancestors(string path)
    {
        for (var parent = Path.GetDirectoryName(path); parent is not null; parent = Path.GetDirectoryName(parent)) yield return parent;
    }

    private static IEnumerable<string> Walk(string root, bool excludeHidden)
    {
        yield return root;
        if (!Directory.Exists(root)) yield break;
        var stack = new Stack<string>([root]);
        while (stack.Count > 0)
        {
            var dir = stack.Pop();
            foreach (var entry in Directory.EnumerateFileSystemEntries(dir).Order(StringComparer.Ordinal))
            {
                if (excludeHidden && Path.GetFileName(entry).StartsWith('.')) continue;
                yield return entry;
                // Symbolic links are followed (followSymbolicLinks: true), broken ones omitted by Path.Exists.
                if (Directory.Exists(entry)) stack.Push(entry);
            }
        }
    }

    private static bool IsWild(string segment) => segment.IndexOfAny(['*', '?', '[']) >= 0;

    private static string Normalize(string path)
    {
        var parts = new List<string>();
        foreach (var part in path.Split('/'))
        {
            if (part is "" or ".") continue;
            if (part == ".." && parts.Count > 0 && parts[^1] != "..") { parts.RemoveAt(parts.Count - 1); continue; }
            parts.Add(part);
        }
        return "/" + string.Join('/', parts);
    }

    /// <summary>minimatch with dot: true: <c>**</c> any number of segments, <c>*</c> within a segment.</summary>
    private static Regex ToRegex(string pattern)
    {
        var regex = new StringBuilder("^");
        var segments = pattern.TrimStart('/').Split('/');
        regex.Append('/');
        for (var i = 0; i < segments.Length; i++)
        {
            var s = segments[i];
            var last = i == segments.Length - 1;
            if (s == "**")
            {
                regex.Append(last ? ".*" : "(?:[^/]*(?:/|$))*");
                continue;
            }
            foreach (var c in s)
                regex.Append(c switch { '*' => "[^/]*", '?' => "[^/]", '[' => "[", ']' => "]", _ => Regex.Escape(c.ToString()) });
            if (!last) regex.Append('/');
        }
        regex.Append('$');
        return new Regex(regex.ToString().Replace("/(?:[^/]*(?:/|$))*$", "(?:/.*)?$"), RegexOptions.CultureInvariant);
    }
}

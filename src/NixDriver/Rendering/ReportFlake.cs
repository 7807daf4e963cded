using System.Text.Json.Nodes;

namespace Conformance.NixDriver.Rendering;

/// <summary>A flake input pinned the way a reader's Nix can fetch it: its locked reference and content hash.</summary>
public sealed record InputPin(string Name, string Url, string NarHash)
{
    /// <summary>clan-core at <paramref name="revision"/>, as GitHub serves it.</summary>
    public static InputPin ClanCore(string revision, string narHash) => new("clan-core", $"github:clan-lol/clan-core/{revision}", narHash) { Rev = revision };

    /// <summary>The locked commit of a github input (null for a tarball): the revision a reader's Nix fetches.</summary>
    public string? Rev { get; init; }

    /// <summary>The flake reference with the hash Nix checks what it fetched against.</summary>
    public string Reference => $"{Url}?narHash={Uri.EscapeDataString(NarHash)}";

    /// <summary>The pins of a flake.lock's root inputs (github and tarball nodes), by input name.</summary>
    public static IReadOnlyDictionary<string, InputPin> FromLock(string lockFile)
    {
        var nodes = JsonNode.Parse(lockFile)?["nodes"] ?? throw new FormatException("flake.lock has no nodes");
        var pins = new Dictionary<string, InputPin>(StringComparer.Ordinal);
        foreach (var (name, node) in nodes.AsObject())
        {
            if (node?["locked"] is not JsonObject locked || locked["narHash"]?.GetValue<string>() is not { } narHash) continue;
            var url = locked["type"]?.GetValue<string>() switch
            {
                "github" => $"github:{locked["owner"]}/{locked["repo"]}/{locked["rev"]}",
                "tarball" => locked["url"]?.GetValue<string>(),
                _ => null,
            };
            if (url is not null) pins[name] = new InputPin(name, url, narHash) { Rev = locked["type"]?.GetValue<string>() == "github" ? locked["rev"]?.GetValue<string>() : null };
        }
        return pins;
    }
}

/// <summary>
/// A rendered case as an upstream reader receives it: <c>flake.nix</c> pins every input by revision
/// and content hash (clan-core at the revision the report is about, the others as the fixture lock
/// pins them; nixpkgs and flake-parts shared with clan-core by <c>follows</c>), so no flake.lock
/// ships and, run as shipped, it evaluates what the report shows. The text is neutral: the comments
/// the harness writes for itself are dropped, its labels replaced by plain words. The harness runs
/// exactly this text (with its offline input overrides), so what a report shows is what ran.
/// </summary>
public static class ReportFlake
{
    /// <summary>The directory of the support modules (the probe's options) in a report's tree.</summary>
    public const string SupportDirectory = "modules/_support";

    private const string HarnessDirectory = "modules/_harness";

    /// <summary>The inputs a rendered clan declares besides clan-core, each pinned from the lock.</summary>
    private static readonly string[] PinnedFromLock = ["nixpkgs", "flake-parts", "import-tree"];

    public static RenderedTree Render(RenderedTree tree, InputPin clanCore, IReadOnlyDictionary<string, InputPin> lockPins)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (path, content) in tree.Files)
        {
            if (path == "flake.lock") continue;
            files[Neutral(path)] = path == "flake.nix" ? Flake(clanCore, lockPins) : DropComments(Neutral(content));
        }
        // import-tree skips paths with a `_` segment: a support module nothing imports is inert, so a reader is spared it.
        // Repeated until nothing more goes: a module only an unused one imported is unused too.
        while (files.Keys.Where(p => p.StartsWith(SupportDirectory + "/", StringComparison.Ordinal))
               .FirstOrDefault(support => !files.Any(kv => kv.Key != support && kv.Value.Contains(Path.GetFileName(support), StringComparison.Ordinal))) is { } unused)
            files.Remove(unused);
        return new RenderedTree(files);
    }

    /// <summary>The flake.nix of a report: a few lines, every input pinned.</summary>
    public static string Flake(InputPin clanCore, IReadOnlyDictionary<string, InputPin> lockPins)
    {
        var w = new NixWriter().Open("{").Open("inputs = {");
        w.Line($"clan-core.url = {NixSyntax.String(clanCore.Reference)};");
        foreach (var name in PinnedFromLock)
        {
            var pin = lockPins.TryGetValue(name, out var p) ? p : throw new FormatException($"the fixture lock pins no {name}; regenerate fixtures/test-clan/flake.lock");
            w.Line($"{name}.url = {NixSyntax.String(pin.Reference)};");
        }
        return w
            .Line("flake-parts.inputs.nixpkgs-lib.follows = \"nixpkgs\";")
            .Line("clan-core.inputs.nixpkgs.follows = \"nixpkgs\";")
            .Line("clan-core.inputs.flake-parts.follows = \"flake-parts\";")
            .Close("};")
            .Line("outputs = inputs: inputs.flake-parts.lib.mkFlake { inherit inputs; } (inputs.import-tree ./modules);")
            .Close("}")
            .ToString();
    }

    /// <summary>
    /// Text of a case's tree or command in plain words: trace labels and throw messages lose the
    /// harness's prefix (the pkgsForSystem trace keeps saying which system it was called for), the
    /// support modules' directory gets a neutral name. Behaviour is unchanged: only strings differ.
    /// </summary>
    public static string Neutral(string text)
    {
        text = text.Replace(HarnessDirectory, SupportDirectory).Replace("../_harness/", "../_support/").Replace("./_harness/", "./_support/");
        text = System.Text.RegularExpressions.Regex.Replace(text, System.Text.RegularExpressions.Regex.Escape(TraceLabels.Prefix) + @"[A-Za-z0-9]+:pkgsForSystem:", "pkgsForSystem called for ");
        return text.Replace(TraceLabels.Prefix + " ", "").Replace(TraceLabels.Prefix, "");
    }

    /// <summary>Whole-line comments dropped (the renderer's notes to itself); a rendered module has no multi-line strings, where a '#' line would be text.</summary>
    private static string DropComments(string content) =>
        content.Contains("''", StringComparison.Ordinal)
            ? content
            : string.Join('\n', content.Split('\n').Where(l => !l.TrimStart().StartsWith('#')));
}

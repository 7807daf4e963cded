using System.Text;
using System.Text.RegularExpressions;
using Conformance.Model.Cases;
using Conformance.Model.Comparison;

namespace Conformance.Model.Causes;

/// <summary>
/// The line Nix prints for an error, with what depends on the case abstracted, so that one
/// upstream error gives one key whatever the seed: store and temporary paths become
/// <c>&lt;path&gt;</c>, positions go, and every name the case chose becomes its placeholder
/// (<c>&lt;machine&gt;</c>, <c>&lt;system&gt;</c>, <c>&lt;tag&gt;</c>, <c>&lt;instance&gt;</c>,
/// <c>&lt;service&gt;</c>, <c>&lt;role&gt;</c>, <c>&lt;module&gt;</c>) where the line puts a name:
/// <list type="bullet">
/// <item>inside quotes (<c>'…'</c>, <c>"…"</c>, and the <c>`…'</c> of option paths, whose
/// components may be double-quoted names holding dots or apostrophes: <c>machines."it's".settings</c>);</item>
/// <item>in a dotted path outside quotes — the model's key texts start inside a quote
/// (<c>instances.i1.roles.peer.tags.nixos.settings' is defined multiple times</c>), and Nix names
/// an option after <c>via option</c>;</item>
/// <item>a service id or manifest name (<c>self-net</c>, <c>net-service</c>: a dash makes it no
/// word of Nix's) anywhere.</item>
/// </list>
/// In a path, a component is what the one before it says (<c>roles.&lt;r&gt;.machines.&lt;m&gt;</c>,
/// <c>tags.&lt;t&gt;</c>, <c>allServices.&lt;service&gt;</c>), else a name of the case, else a system by
/// its pattern; below a service's <c>settings</c> (one following a machine, tag, role or instance)
/// everything is one <c>&lt;option&gt;</c> (the settings options a generated service declares, and the
/// attribute names of their values); an option's declared type in "is not of type" becomes
/// <c>&lt;type&gt;</c>. Other words are Nix's and the module system's and stay, so the message's shape
/// and kind stay in the key: a short name (<c>db</c>, <c>x</c>) would otherwise eat into them.
/// </summary>
public static partial class ErrorKeyText
{
    /// <summary>The abstracted key text of an error message (or of a model's key text).</summary>
    public static string Of(string message, ClanCase? clanCase = null)
    {
        var line = ErrorText.Headline(message);
        // "Failed assertions:" names nothing; the first assertion is the error.
        if (line.EndsWith("assertions:", StringComparison.Ordinal) && message.Split('\n').Skip(1).Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("- ", StringComparison.Ordinal)) is { } first)
            line += " " + ErrorText.Normalise(first);
        line = Paths().Replace(line, "<path>");
        var names = clanCase is null ? Names.None : NamesOfCase.GetValue(clanCase, Names.Of);
        line = Text(line, names);
        return line.Length <= 240 ? line : line[..240] + "…";
    }

    /// <summary>Abstracts the names in a run of text: quoted spans, dotted paths, service ids.</summary>
    private static string Text(string text, Names names) => Spans().Replace(text, m =>
    {
        if (m.Groups["path"].Success) return Abstract(m.Value, names);
        if (m.Groups["word"].Success) return names.ServiceWord(m.Value) ? "<service>" : m.Value;
        var body = m.Groups["body"].Value;
        // An option's declared type ("is not of type `list of string'") is the generated option's, not the behaviour's.
        var abstracted = text[..m.Index].EndsWith("of type ", StringComparison.Ordinal) ? "<type>"
            : names.Placeholder(body) is { } whole ? whole
            // Quoted text (`<path>, via option flake.clan.inventory.…') is text again; a quoted word or path is a path.
            : body.Any(char.IsWhiteSpace) ? Text(body, names)
            : Abstract(body, names);
        return m.Value[0] + abstracted + m.Value[^1];
    });

    private static string Abstract(string body, Names names)
    {
        if (names.Placeholder(body) is { } whole) return whole;
        var parts = Components(body);
        var result = new StringBuilder();
        var afterSettings = false;
        var previous = "";
        for (var i = 0; i < parts.Count; i++)
        {
            var part = parts[i];
            var bare = Bare(part);
            // What a component is follows from the one before it (`roles.<r>.machines.<m>`): a tag named
            // like a class or a machine is still a tag there; elsewhere the case's names decide.
            var replaced = afterSettings ? "<option>"
                : names.Placeholder(bare, i > 0 ? Context.GetValueOrDefault(parts[i - 1]) : null) ?? part;
            // Below an option, attribute names are the value's (labels.k1): one <option> stands for the path.
            if (afterSettings && i > 0 && parts[i - 1] != "settings") continue;
            // A service's settings follow what they are set for (machines.<m>.settings); clan.core.settings is clan's own option.
            afterSettings = afterSettings || bare == "settings" && SettingsOwners.Contains(previous);
            previous = replaced;
            if (i > 0) result.Append('.');
            result.Append(replaced);
        }
        return result.ToString();
    }

    /// <summary>Placeholders whose <c>settings</c> are a generated service's settings.</summary>
    private static readonly HashSet<string> SettingsOwners = new(StringComparer.Ordinal) { "<machine>", "<tag>", "<role>", "<instance>" };

    /// <summary>Dot-separated components, a double-quoted component (<c>"a.b"</c>, as lib.showOption writes names with dots; <c>\"</c> inside) kept whole.</summary>
    private static List<string> Components(string path)
    {
        var parts = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < path.Length; i++)
        {
            var ch = path[i];
            if (quoted && ch == '\\' && i + 1 < path.Length)
            {
                current.Append(ch).Append(path[++i]);
                continue;
            }
            if (ch == '"') quoted = !quoted;
            if (ch == '.' && !quoted)
            {
                parts.Add(current.ToString());
                current.Clear();
                continue;
            }
            current.Append(ch);
        }
        parts.Add(current.ToString());
        return parts;
    }

    /// <summary>A component as the case named it: a double-quoted one unquoted and unescaped (<c>"quo\"te"</c> is <c>quo"te</c>).</summary>
    private static string Bare(string part) =>
        part.Length >= 2 && part[0] == '"' && part[^1] == '"' ? Escape().Replace(part[1..^1], "$1") : part;

    [GeneratedRegex(@"\\(.)")]
    private static partial Regex Escape();

    // A case's name table serves every error line of the case (a machine that does not evaluate fails in dozens of fields).
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ClanCase, Names> NamesOfCase = new();

    /// <summary>The names a case gives things, each with its placeholder (machines first: a machine and a tag may share a name).</summary>
    private sealed class Names
    {
        private readonly Dictionary<string, string> _placeholders = new(StringComparer.Ordinal);

        /// <summary>No case: only systems are recognised.</summary>
        public static readonly Names None = new();

        public static Names Of(ClanCase c)
        {
            var names = new Names();
            names.Add("<machine>", c.Machines.Select(m => m.Name)
                .Concat(c.Instances.SelectMany(i => i.Roles).SelectMany(r => r.Machines.Concat(r.MachineSettings.Select(s => s.Target))))
                .Concat(c.StaticTags.Concat(c.TagSources?.Json ?? []).SelectMany(t => t.Machines)));
            names.Add("<instance>", c.Instances.Select(i => i.Name));
            var services = c.Services.Concat(c.InputServices.SelectMany(i => i.Services)).ToList();
            names.Add("<service>", services.Select(s => s.Name).Concat(services.Select(s => s.Manifest))
                .Concat(c.Instances.Select(i => i.ModuleOrProbe.Name)).Concat(c.Instances.Select(i => i.ModuleOrProbe.ServiceId))
                .Concat(c.Services.Select(s => new ModuleRef(s.Name, ModuleRef.Self).ServiceId))
                .Concat(c.InputServices.SelectMany(i => i.Services.Select(s => new ModuleRef(s.Name, i.Input).ServiceId)))
                .Concat(c.InputServices.Select(i => i.Input)));
            names.Add("<role>", services.SelectMany(s => s.Roles).Select(r => r.Name).Concat(c.Instances.SelectMany(i => i.Roles).Select(r => r.Role)));
            names.Add("<tag>", c.Machines.SelectMany(m => (m.InventoryNix?.Tags ?? []).Concat(m.InventoryJson?.Tags ?? []))
                .Concat(c.Instances.SelectMany(i => i.Roles).SelectMany(r => r.Tags.Concat(r.TagSettings.Select(s => s.Target))))
                .Concat(c.StaticTags.Concat(c.TagSources?.Json ?? []).Select(t => t.Tag))
                .Concat((c.TagSources?.Computed ?? []).Select(t => t.Tag)));
            names.Add("<module>", c.Modules.Select(m => m.Id));
            return names;
        }

        private void Add(string placeholder, IEnumerable<string> names)
        {
            foreach (var name in names)
                if (name.Length > 0 && !Vocabulary.Contains(name))
                    _placeholders.TryAdd(name, placeholder);
        }

        /// <summary>
        /// A word outside quotes that names a service: a service id or manifest name of the case
        /// (<c>self-net</c>, <c>net-service</c>). Only those with a dash: a plain service or module name
        /// (<c>net</c>, <c>missing</c>) may be a word of the message itself.
        /// </summary>
        public bool ServiceWord(string word) => word.Contains('-') && _placeholders.GetValueOrDefault(word) == "<service>";

        /// <param name="context">The placeholder the component before implies (<see cref="Context"/>), if any.</param>
        public string? Placeholder(string text, string? context = null) =>
            SystemName().IsMatch(text) ? "<system>" : context ?? _placeholders.GetValueOrDefault(text);
    }

    /// <summary>Components of an option path whose next component is a name of the case.</summary>
    private static readonly Dictionary<string, string> Context = new(StringComparer.Ordinal)
    {
        ["machines"] = "<machine>", ["tags"] = "<tag>", ["instances"] = "<instance>", ["roles"] = "<role>",
        ["allServices"] = "<service>", ["_allMachines"] = "<machine>",
    };

    /// <summary>Words Nix, the module system and clan use themselves: a case naming something so is not abstracted there.</summary>
    private static readonly HashSet<string> Vocabulary = new(StringComparer.Ordinal)
    {
        "all", "nixos", "darwin", "config", "options", "settings", "machines", "roles", "tags", "instances", "module", "modules",
        "pkgs", "nixpkgs", "lib", "inputs", "self", "clan", "inventory", "services", "extraModules", "name", "<clan-core>",
    };

    [GeneratedRegex(@"^[a-z0-9_]+-(linux|darwin|freebsd|openbsd|netbsd|cygwin|windows|none|wasi|redox|genode)$")]
    private static partial Regex SystemName();

    // A double-quoted component as lib.showOption writes a name that is no identifier ("a.b", "a b",
    // "quo\"te"), and an identifier, which may hold apostrophes (it's: Nix identifiers do).
    private const string QuotedComponent = @"""(?:\\.|[^""\\\n])*""";
    private const string Identifier = @"[\w$-](?:[\w$-]|'(?=[\w-]))*";

    /// <summary>
    /// Where a line names things, leftmost first: an option path as lib.showOption quotes it
    /// (<c>`a."b.c"'</c>, <c>`machines.it's.settings'</c>, or <c>`…`</c> in types.nullOr's message), a <c>'…'</c> (not an
    /// apostrophe: <c>doesn't</c>) or <c>"…"</c> string (group <c>body</c>); a dotted path outside quotes
    /// (<c>path</c>); any other word (<c>word</c>, abstracted only when it is a service id).
    /// </summary>
    [GeneratedRegex("`(?<body>(?:" + QuotedComponent + @"|'(?=[\w-])|[^`'""\n])*)[`']" +
                    @"|(?<!\w)'(?<body>(?:" + QuotedComponent + @"|'(?=[\w-])|[^'""\n])*)'" +
                    @"|""(?<body>(?:\\.|[^""\\\n])*)""" +
                    @"|(?<![\w$<>""'-])(?<path>(?:" + QuotedComponent + "|" + Identifier + @")(?:\.(?:" + QuotedComponent + "|" + Identifier + "))+)" +
                    @"|(?<![\w$<>'-])(?<word>[\w$][\w$-]*)")]
    private static partial Regex Spans();

    [GeneratedRegex(@"(?<![\w.])/(?:nix/store|tmp|root|home|build|var|run|work)(?:/[^\s'""`,;)]*)?")]
    private static partial Regex Paths();
}

using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Conformance.Generators;
using Conformance.Model.Cases;
using Conformance.Model.Causes;
using Conformance.Model.Oracle;
using Conformance.Model.Outcomes;
using Conformance.Runner.Corpus;
using Conformance.Runner.Sinks;
using Conformance.Tests.Examples;
using Conformance.Tests.Infrastructure;

namespace Conformance.Tests.Causes;

/// <summary>
/// No cause key holds a name the case chose. Over every error line the repository records — what
/// real Nix printed in the recorded campaigns and saved failures (tests/Conformance/recorded), in the
/// findings' generated reports (findings/reports), and the key texts the model predicts for the
/// regressions, the example cases and the default generator's campaigns (each becomes an
/// <c>error-gone:</c> key when the tested side stops failing) — the key is made with the case it
/// came from, and none of its name positions (a quoted span, a component of a dotted path, a service
/// id anywhere) may be a name of that case or of the generators' pools (<see cref="Pools"/>, read by
/// reflection: a new pool is checked without touching this spec).
/// </summary>
public sealed partial class KeyNameSpecs
{
    private static string Recorded(params string[] parts) => Path.Combine([RepoPaths.Root, .. parts]);

    /// <summary>Every recorded error line as a key: where it was found, the case it belongs to, the key.</summary>
    private static IEnumerable<(string Where, ClanCase Case, ErrorKey Key)> RecordedKeys()
    {
        foreach (var file in Directory.GetFiles(Recorded("tests", "Conformance", "recorded"), "*.jsonl*"))
            foreach (var record in Read(file))
                foreach (var key in record.ToChecked().Causes.Keys.OfType<ErrorKey>())
                    yield return ($"{Path.GetFileName(file)} {record.Case.Id}", record.Case, key);

        // Saved failures (a case.json with its verdict.json); other recorded directories hold raw Nix output.
        foreach (var dir in Directory.GetDirectories(Recorded("tests", "Conformance", "recorded")).Where(d => File.Exists(Path.Combine(d, "verdict.json"))))
        {
            var clanCase = CaseJson.Deserialize(File.ReadAllText(Path.Combine(dir, "case.json")));
            var fields = RecordJson.Deserialize<List<FieldRecord>>(File.ReadAllText(Path.Combine(dir, "verdict.json")), "verdict.json");
            foreach (var key in new ResultRecord(clanCase, fields).ToChecked().Causes.Keys.OfType<ErrorKey>())
                yield return (Path.GetFileName(dir), clanCase, key);
        }

        // A finding's report quotes what Nix printed for its case; the message is what follows the last "error:".
        foreach (var json in Directory.GetFiles(Recorded("findings"), "*.json"))
        {
            var report = Recorded("findings", "reports", Path.GetFileNameWithoutExtension(json) + ".md");
            if (!File.Exists(report)) continue; // an intended behaviour has no report (findings/README.md)
            var clanCase = CaseJson.Deserialize(JsonNode.Parse(File.ReadAllText(json))!["case"]!.ToJsonString());
            foreach (Match m in ReportError().Matches(File.ReadAllText(report)))
                yield return (Path.GetFileName(report), clanCase, new ErrorKey(Model.Errors.ErrorKind.Other, ErrorKeyText.Of(m.Groups["message"].Value, clanCase)));
        }

        var modelCases = Directory.GetFiles(Recorded("tests", "Conformance", "regressions"), "*.json")
            .Select(f => (Where: Path.GetFileName(f), Case: CaseJson.Deserialize(File.ReadAllText(f))))
            .Concat(new[] { typeof(ExampleCases), typeof(ServiceExampleCases), typeof(ServiceSemanticsCases) }
                .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Static).Where(p => p.PropertyType == typeof(ClanCase)))
                .Select(p => (Where: p.Name, Case: (ClanCase)p.GetValue(null)!)))
            // The default generator (clans and services cases of each index), over seeds no spec tunes to.
            .Concat(new[] { 29, 4242 }.SelectMany(seed => ClanArbitraries.Campaign(seed, 30, ClanArbitraries.DefaultSize, CaseKind.All))
                .Select(c => (Where: $"generated {c.Id}", Case: c)));
        foreach (var (where, clanCase) in modelCases)
            foreach (var error in Oracle.Predict(clanCase).Fields.Values.SelectMany(Errors))
                yield return (where, clanCase, new ErrorKey(error.Kind, ErrorKeyText.Of(error.KeyText, clanCase), Gone: true));
    }

    /// <summary>A recorded results.jsonl, or a gzipped one (the services cases are large).</summary>
    private static IReadOnlyList<ResultRecord> Read(string file)
    {
        if (!file.EndsWith(".gz", StringComparison.Ordinal)) return ResultsSink.Read(file);
        var plain = Path.GetTempFileName();
        try
        {
            using (var source = new System.IO.Compression.GZipStream(File.OpenRead(file), System.IO.Compression.CompressionMode.Decompress))
            using (var target = File.Create(plain))
                source.CopyTo(target);
            return ResultsSink.Read(plain);
        }
        finally
        {
            File.Delete(plain);
        }
    }

    private static IEnumerable<Model.Errors.ExpectedError> Errors(Outcome outcome) =>
        (outcome is ErrorOutcome e ? [e.Error] : Array.Empty<Model.Errors.ExpectedError>())
        .Concat(outcome.Deviation is { } d ? Errors(d.Actual) : []);

    [Fact]
    public void No_key_of_a_recorded_error_line_holds_a_name_the_case_chose()
    {
        var keys = RecordedKeys().ToList();
        // Every kind of source holds lines (a source that silently yields nothing would prove nothing).
        Assert.Contains(keys, k => k.Where.Contains(".jsonl ", StringComparison.Ordinal));
        Assert.Contains(keys, k => k.Where.Contains(".jsonl.gz s", StringComparison.Ordinal) && k.Key.Message.Contains("<service>", StringComparison.Ordinal));
        Assert.Contains(keys, k => k.Where.EndsWith(".md", StringComparison.Ordinal));
        Assert.Contains(keys, k => k.Where.StartsWith("generated", StringComparison.Ordinal) && k.Key.Message.Contains(".tags.", StringComparison.Ordinal));
        Assert.True(keys.Count > 500, $"{keys.Count} keys");

        var leaks = keys.Select(k => (k.Where, k.Key, Names: Leaked(k.Key.Message, k.Case))).Where(k => k.Names.Count > 0)
            .Select(k => $"{k.Where}: {k.Key.Text} holds {string.Join(", ", k.Names)}").Distinct().ToList();
        Assert.True(leaks.Count == 0, string.Join("\n", leaks.Take(30)));
    }

    [Theory]
    // The forms issue 21 found escaping the abstraction, with the names they held.
    [InlineData("instances.i1.roles.peer.tags.nixos.settings' is defined multiple times while it's expected to be unique", "i1, peer, nixos")]
    [InlineData("self-net.instances.i3.roles.ctl.machines.db.settings.undeclared' does not exist", "self-net, i3, ctl, db, undeclared")]
    [InlineData("The option `self-web.instances.i1.roles.ctl.machines.it's.settings.name' was accessed but has no value defined.", "self-web, i1, ctl, it's, name")]
    [InlineData("The clan service module self-net doesn't provide clan-module with name 'net'", "self-net, net")]
    // The harness's own lookups used to name what they missed bare (a fault run keyed one cause per instance name).
    [InlineData("clan-conformance: the machine is not in instance i1", "i1")]
    [InlineData("clan-conformance: the machine is not a member of role ctl", "ctl")]
    public void The_check_finds_names_in_every_form_that_used_to_escape(string key, string names)
    {
        var clanCase = new ClanCase("c")
        {
            Machines = [new MachineSpec("db"), new MachineSpec("it's")],
            Services = [new ServiceSpec("net"), new ServiceSpec("web")],
            Instances = [new InstanceSpec("i1") { Module = new ModuleRef("net", ModuleRef.Self) }, new InstanceSpec("i3") { Module = new ModuleRef("web", ModuleRef.Self) }],
        };
        Assert.Equal(names.Split(", ").Order(), Leaked(key, clanCase).Order());
    }

    /// <summary>
    /// The harness's own lookups throw when what they read is missing ("the machine is not in
    /// instance …"): every such message, as rendered for a key of each service field, is keyed
    /// without the case's names.
    /// </summary>
    [Fact]
    public void The_harness_lookups_messages_are_keyed_without_the_cases_names()
    {
        var clanCase = new ClanCase("c")
        {
            Machines = [new MachineSpec("db")],
            Services = [new ServiceSpec("net") { Roles = [new ServiceRoleSpec("ctl")] }],
            Instances = [new InstanceSpec("i2") { Module = new ModuleRef("net", ModuleRef.Self), Roles = [new RoleSpec("ctl") { Machines = ["db"] }] }],
        };
        var messages = Model.Observations.ServiceField.All
            .Select(KeyFor)
            .SelectMany(k => Thrown().Matches(NixDriver.Rendering.ObservationExpressions.ForKey(k)).Select(m => m.Groups["message"].Value))
            .Distinct().ToList();
        Assert.Contains(messages, m => m.Contains("not in instance", StringComparison.Ordinal));
        var leaks = messages.Select(m => (m, Leaked(ErrorKeyText.Of(m, clanCase), clanCase))).Where(x => x.Item2.Count > 0)
            .Select(x => $"{x.m}: {string.Join(", ", x.Item2)}").ToList();
        Assert.True(leaks.Count == 0, string.Join("\n", leaks));
    }

    /// <summary>
    /// The model predicts a harness lookup's miss as a throw (ServicePredictor: "is not a member");
    /// Nix prints the lookup's message bare, with the name it misses quoted, and a bare message
    /// with a quote in it is "other" unless the classifier knows it. Measured on a fault run:
    /// quoting the names turned every lookup miss into a kind the model never predicts.
    /// </summary>
    [Fact]
    public void The_harness_lookups_misses_are_throws_as_the_model_predicts()
    {
        var kinds = Model.Observations.ServiceField.All
            .Select(KeyFor)
            .SelectMany(k => Thrown().Matches(NixDriver.Rendering.ObservationExpressions.ForKey(k)).Select(m => m.Groups["message"].Value))
            .Distinct()
            .Select(m => (m, NixDriver.Evaluation.NixErrorClassifier.Classify($"error:\n       … while evaluating the attribute 'value'\n\n       error: {m}")!.Kind))
            .ToList();
        Assert.Contains(kinds, k => k.m.Contains('\''));
        Assert.All(kinds, k => Assert.True(k.Kind == Model.Errors.ErrorKind.Throw, $"{k.m}: {k.Kind}"));
    }

    /// <summary>A key of the field, with the components its level has.</summary>
    private static Model.Observations.FieldKey KeyFor(Model.Observations.ServiceField field)
    {
        foreach (var bits in Enumerable.Range(0, 16))
        {
            try
            {
                return Model.Observations.FieldKey.Svc(field, (bits & 1) > 0 ? "self-net" : null, (bits & 2) > 0 ? "i2" : null, (bits & 4) > 0 ? "ctl" : null, (bits & 8) > 0 ? "db" : null);
            }
            catch (ArgumentException)
            {
                // not this field's level
            }
        }
        throw new InvalidOperationException($"no key fits {field}");
    }

    /// <summary>A harness lookup's message in rendered Nix (<c>throw "clan-conformance: …"</c>).</summary>
    [GeneratedRegex(@"throw ""(?<message>clan-conformance: [^""]*)""")]
    private static partial Regex Thrown();

    /// <summary>The names in <paramref name="key"/>'s name positions that the case or a generator pool chose.</summary>
    private static List<string> Leaked(string key, ClanCase clanCase)
    {
        var chosen = NamesOf(clanCase).Concat(PoolNames.Value).ToHashSet(StringComparer.Ordinal);
        var leaked = new List<string>();
        foreach (Match span in NamePosition().Matches(key))
        {
            var text = span.Groups["body"].Success ? span.Groups["body"].Value : span.Value;
            if (span.Groups["word"].Success)
            {
                // Outside quotes and paths only a service id (a dash joins input and name) is a name, or a
                // word right after one that says what names it ("instance i1", "role ctl"): other words are Nix's.
                if (text.Contains('-') && chosen.Contains(text) && ServiceIds(clanCase).Contains(text)) leaked.Add(text);
                if (chosen.Contains(text) && NamedBy().IsMatch(key[..span.Index])) leaked.Add(text);
                continue;
            }
            var parts = Components().Matches(text).Select(m => Unquote(m.Value)).ToList();
            for (var i = 0; i < parts.Count; i++)
            {
                var part = parts[i];
                if (!chosen.Contains(part)) continue;
                // clan's own tags (all, nixos, darwin) are words of clan too: a name only where the path says so.
                if (ClanWords.Contains(part) && (i == 0 || !NamingComponents.Contains(parts[i - 1]))) continue;
                leaked.Add(part);
            }
        }
        return leaked.Distinct().ToList();
    }

    private static string Unquote(string component) =>
        component.Length >= 2 && component[0] == '"' ? Regex.Replace(component[1..^1], @"\\(.)", "$1") : component;

    private static readonly HashSet<string> ClanWords = ["all", "nixos", "darwin"];

    private static readonly HashSet<string> NamingComponents = ["machines", "tags", "roles", "instances"];

    /// <summary>Every string of every public pool of the generators (string, string[], or the name of a (name, type) pair), but what clan-core itself names (its attributes a case reads).</summary>
    private static readonly Lazy<IReadOnlyList<string>> PoolNames = new(() => typeof(Pools).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.Name != nameof(Pools.CoreAttributes))
        .SelectMany(f => f.GetValue(null) switch
        {
            string s => [s],
            string[] a => a,
            System.Collections.IEnumerable items => items.Cast<object>().Select(i => i.GetType().GetField("Item1")?.GetValue(i)).OfType<string>(),
            _ => [],
        })
        .Where(n => n.Length > 0).ToList());

    /// <summary>
    /// The names a case gives things, read off its saved form: every name, id, role, tag, target,
    /// input, option and listed machine or system (not the clan's <c>meta.name</c>: a value, which
    /// names no option; the default one is the harness's own option namespace <c>conformance</c>).
    /// </summary>
    private static IEnumerable<string> NamesOf(ClanCase clanCase)
    {
        var names = new List<string>();
        void Walk(JsonNode? node, string? property)
        {
            switch (node)
            {
                case JsonObject o:
                    foreach (var (k, v) in o) Walk(v, k);
                    break;
                case JsonArray a:
                    foreach (var item in a) Walk(item, property);
                    break;
                case JsonValue v when v.TryGetValue<string>(out var s) && s.Length > 0 && property is not null && NameProperties.Contains(property):
                    names.Add(s);
                    break;
            }
        }
        Walk(JsonNode.Parse(CaseJson.Serialize(clanCase)), null);
        // "self" is the flake's own input, which a case picks but does not name.
        return names.Where(n => n != ModuleRef.Self).Concat(ServiceIds(clanCase));
    }

    private static readonly HashSet<string> NameProperties =
    [
        "id", "name", "role", "tags", "machines", "imports", "target", "input", "manifestName", "option", "flakeSystems", "customSystems", "inspectSystems",
    ];

    private static IEnumerable<string> ServiceIds(ClanCase c) =>
        c.Instances.Select(i => i.ModuleOrProbe.ServiceId)
            .Concat(c.Services.Select(s => new ModuleRef(s.Name, ModuleRef.Self).ServiceId))
            .Concat(c.InputServices.SelectMany(i => i.Services.Select(s => new ModuleRef(s.Name, i.Input).ServiceId)))
            .Concat(c.Services.Concat(c.InputServices.SelectMany(i => i.Services)).Select(s => s.Manifest));

    /// <summary>Text ending in a word that says what the next word names.</summary>
    [GeneratedRegex(@"\b(instance|role|machine|tag|service|module) $")]
    private static partial Regex NamedBy();

    /// <summary>A quoted span (body), a dotted path, or a word.</summary>
    [GeneratedRegex(@"`(?<body>[^`\n]*?)[`'](?![\w-])|(?<!\w)'(?<body>[^\n]*?)'(?![\w-])|""(?<body>(?:\\.|[^""\\\n])*)""|(?:""(?:\\.|[^""\\\n])*""|[\w$-](?:[\w$-]|'(?=\w))*)(?:\.(?:""(?:\\.|[^""\\\n])*""|[\w$-](?:[\w$-]|'(?=\w))*))+|(?<word>[\w$][\w$-]*)")]
    private static partial Regex NamePosition();

    [GeneratedRegex(@"""(?:\\.|[^""\\\n])*""|[^.]+")]
    private static partial Regex Components();

    /// <summary>Nix's own message in a report's output block: the text after the last <c>error:</c> of a trace, to the end of its line.</summary>
    [GeneratedRegex(@"^\s+error: (?<message>\S[^\n]*)", RegexOptions.Multiline)]
    private static partial Regex ReportError();
}

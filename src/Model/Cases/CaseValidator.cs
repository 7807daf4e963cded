using System.Text.RegularExpressions;

namespace Conformance.Model.Cases;

/// <summary>
/// Checks that a case can be rendered as valid Nix that means what the case says. Generators only
/// produce valid cases; this guards hand-written and replayed ones, so a bad case is rejected with
/// a message naming the problem instead of becoming a Nix syntax error or a false finding.
/// </summary>
public static partial class CaseValidator
{
    public static IReadOnlyList<string> Problems(ClanCase c)
    {
        var problems = new List<string>();
        if (!CaseId().IsMatch(c.Id)) problems.Add($"case id '{c.Id}' must be ASCII letters and digits (it labels traces)");
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < c.Modules.Count; i++)
        {
            var m = c.Modules[i];
            if (!ModuleId().IsMatch(m.Id)) problems.Add($"module id '{m.Id}' must match [a-z][a-z0-9-]* (it becomes a file name)");
            if (!ids.Add(m.Id)) problems.Add($"module id '{m.Id}' is used twice");
            index[m.Id] = i;
        }
        foreach (var m in c.Modules)
        {
            foreach (var import in m.Imports)
            {
                if (!index.TryGetValue(import, out var target)) { problems.Add($"module '{m.Id}' imports unknown module '{import}'"); continue; }
                if (target <= index[m.Id]) problems.Add($"module '{m.Id}' imports '{import}', which is not later in the pool (imports must form a DAG in pool order)");
                else if (m.Kind != ModuleKind.Dendritic && !FileSafe(c, c.Modules[target]))
                    problems.Add($"module '{m.Id}' ({m.Kind}) imports '{import}', which is (or imports) a dendritic module: only flake-parts files can reach config.flake.modules");
            }
            problems.AddRange(DefinitionProblems($"module '{m.Id}'", m.Definitions, allowInputs: m.Kind == ModuleKind.Dendritic));
        }
        var argNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var arg in c.SpecialArgs)
        {
            if (!SpecialArgName().IsMatch(arg.Name))
                problems.Add($"special arg '{arg.Name}' must match conformance[A-Za-z0-9]+ (the harness observes only those; others would shadow module arguments such as pkgs or lib)");
            if (!argNames.Add(arg.Name)) problems.Add($"special arg '{arg.Name}' is defined twice (clan.specialArgs is attrsOf raw: a second definition conflicts)");
        }
        foreach (var attribute in c.CoreReads)
            if (!CoreAttributeName().IsMatch(attribute))
                problems.Add($"clan-core attribute '{Escape(attribute)}' must be a plain attribute name (letters, digits, _ and -)");
        if (c.CoreReads.Distinct().Count() != c.CoreReads.Count) problems.Add("an attribute of clan-core is read twice (coreReads lists each once)");
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var machine in c.Machines)
        {
            if (!names.Add(machine.Name)) problems.Add($"machine '{machine.Name}' is declared twice");
            if (machine.Name.Length == 0) problems.Add("a machine name is empty");
            if (machine.Name.Contains('\0') || machine.Name.Contains('\n')) problems.Add($"machine name '{Escape(machine.Name)}' contains NUL or a newline");
            if (!machine.InClanMachines && machine.InventoryNix is null && machine.InventoryJson is null && machine.Directory is null)
                problems.Add($"machine '{machine.Name}' is declared nowhere");
            if (!machine.InClanMachines && machine.Imports.Count > 0)
                problems.Add($"machine '{machine.Name}' imports modules but is not in clan.machines");
            foreach (var import in machine.Imports)
                if (!index.ContainsKey(import)) problems.Add($"machine '{machine.Name}' imports unknown module '{import}'");
            if (machine.Directory is not null && (machine.Name is "." or ".." || machine.Name.Contains('/')))
                problems.Add($"machine '{machine.Name}' has a machines/ directory but its name is not a valid directory name");
            if (machine.Directory is { } dir && dir.FileName is not (MachineDirectory.ConfigurationNix or MachineDirectory.HardwareConfigurationNix or MachineDirectory.DiskoNix))
                problems.Add($"machines/{machine.Name}/{dir.FileName}: clan's forName.nix only imports configuration.nix, hardware-configuration.nix and disko.nix");
            if (machine.Directory?.Configuration is { } configuration)
            {
                foreach (var import in configuration.Imports)
                    if (!index.TryGetValue(import, out var target)) problems.Add($"machines/{machine.Name}/configuration.nix imports unknown module '{import}'");
                    else if (!FileSafe(c, c.Modules[target])) problems.Add($"machines/{machine.Name}/configuration.nix imports '{import}', which reaches a dendritic module");
                problems.AddRange(DefinitionProblems($"machines/{machine.Name}/configuration.nix", configuration.Definitions, allowInputs: false));
            }
        }
        foreach (var s in c.FlakeSystems.Concat(c.InspectSystems).Concat(c.PkgsForSystem.CustomSystems))
            if (!SystemName().IsMatch(s)) problems.Add($"'{s}' is not a system name like x86_64-linux");
        problems.AddRange(ServiceProblems(c));
        problems.AddRange(LayoutProblems(c));
        return problems;
    }

    private static readonly HashSet<string> RealInputs = ["nixpkgs", "flake-parts", "import-tree", "clan-core"];

    private static readonly HashSet<string> ReservedOptionNames = ["imports", "options", "config", "conformanceFunction", "_module", "_file", "freeformType"];

    private static IEnumerable<string> ServiceProblems(ClanCase c)
    {
        var services = c.Services.Select(s => (Where: "clan.modules", Service: s))
            .Concat(c.InputServices.SelectMany(i => i.Services.Select(s => (Where: $"input {i.Input}", Service: s))));
        foreach (var group in services.GroupBy(s => s.Where))
            foreach (var name in group.GroupBy(s => s.Service.Name).Where(g => g.Count() > 1))
                yield return $"{group.Key}: service '{name.Key}' is defined twice";
        foreach (var (where, service) in services)
        {
            if (!ServiceName().IsMatch(service.Name)) yield return $"{where}: service name '{service.Name}' must match [A-Za-z][A-Za-z0-9_-]*";
            if (where == "clan.modules" && service.Name == ModuleRef.Probe.Name) yield return "clan.modules.probe is the harness's probe service; name the service otherwise";
            if (service.ManifestName is { } manifest && (manifest.Length == 0 || manifest.Contains('"') || manifest.Contains('\\') || manifest.Contains('$')))
                yield return $"{where}: service '{service.Name}': manifest.name '{manifest}' must be non-empty and free of quotes, backslashes and dollars";
            foreach (var role in service.Roles.GroupBy(r => r.Name).Where(g => g.Count() > 1)) yield return $"{where}: service '{service.Name}' defines role '{role.Key}' twice";
            foreach (var role in service.Roles)
            {
                if (!RoleName().IsMatch(role.Name)) yield return $"{where}: service '{service.Name}': role name '{role.Name}' must match [a-z][a-z0-9_-]*";
                foreach (var option in role.Interface.GroupBy(o => o.Name).Where(g => g.Count() > 1)) yield return $"service '{service.Name}' role '{role.Name}' declares option '{option.Key}' twice";
                foreach (var option in role.Interface)
                {
                    if (!OptionName().IsMatch(option.Name) || ReservedOptionNames.Contains(option.Name))
                        yield return $"service '{service.Name}' role '{role.Name}': option name '{option.Name}' must match [a-z][A-Za-z0-9]* and not be a module keyword";
                    if (option.Default is { } d && !d.Fits(option.Type)) yield return $"service '{service.Name}' role '{role.Name}': the default of '{option.Name}' is not a {option.Type}";
                    if (option.MetaDefault is not null && (option.Type != OptionType.Str || option.Default is not null))
                        yield return $"service '{service.Name}' role '{role.Name}': '{option.Name}' can take its default from meta only as a str option without another default";
                }
                if (role.Extend is { } extend && (extend.Definitions.Count != 1 || extend.Definitions[0].Fault != SettingsFault.None || extend.Definitions[0].Priority != Priority.Plain))
                    yield return $"service '{service.Name}' role '{role.Name}': the extendSettings module is one plain module (no priority, no faults)";
                if (role.Extend is not null) foreach (var p in SettingsProblems($"service '{service.Name}' role '{role.Name}' extend", role.Extend)) yield return p;
                if (role.Description is { } description && (description.Contains('"') || description.Contains('\\') || description.Contains('$')))
                    yield return $"service '{service.Name}' role '{role.Name}': the description must be free of quotes, backslashes and dollars";
            }
            if (service.Constraints is { } constraints)
            {
                if (constraints.MaxInstances is < 1) yield return $"service '{service.Name}': maxInstances must be positive";
                foreach (var rc in constraints.Roles)
                    if (rc.MinMachines is < 0 || rc.MaxMachines is < 1) yield return $"service '{service.Name}': role '{rc.Role}' constraints must be minMachines >= 0, maxMachines >= 1";
                foreach (var rc in constraints.Roles.GroupBy(r => r.Role).Where(g => g.Count() > 1)) yield return $"service '{service.Name}': role '{rc.Key}' is constrained twice";
            }
        }
        foreach (var input in c.InputServices)
            if (!ModuleId().IsMatch(input.Input) || RealInputs.Contains(input.Input) || input.Input == ModuleRef.Self)
                yield return $"mocked input '{input.Input}' must match [a-z][a-z0-9-]* and not be one of the flake's real inputs";
        if (c.Domain is { } domain && !Domain().IsMatch(domain)) yield return $"clan.meta.domain '{domain}' must be a lowercase domain name";

        foreach (var name in c.Instances.GroupBy(i => i.Name).Where(g => g.Count() > 1)) yield return $"instance '{name.Key}' is defined twice";
        foreach (var instance in c.Instances.Where(i => i.Module is not null && !ServiceName().IsMatch(i.Name)))
            yield return $"instance '{instance.Name}' of a service must match [A-Za-z][A-Za-z0-9_-]*";
        foreach (var instance in c.Instances)
        {
            if (instance.Module is { } module)
            {
                if (!ServiceName().IsMatch(module.Name)) yield return $"instance '{instance.Name}': module name '{module.Name}' must match [A-Za-z][A-Za-z0-9_-]*";
                if (module.Input is null && Services.ServiceModel.ClanCoreServices.Contains(module.Name))
                    yield return $"instance '{instance.Name}': '{module.Name}' is one of clan-core's own services, which the model does not describe";
                if (module.Input is { } input && RealInputs.Contains(input))
                    yield return $"instance '{instance.Name}': module.input '{input}' is a real input of the flake; mock inputs with services instead";
            }
            var probe = Services.ServiceModel.IsProbe(instance.ModuleOrProbe);
            foreach (var role in instance.Roles.GroupBy(r => r.Role).Where(g => g.Count() > 1)) yield return $"instance '{instance.Name}' has role '{role.Key}' twice";
            foreach (var role in instance.Roles)
            {
                var where = $"instance '{instance.Name}' role '{role.Role}'";
                if (probe && role.Role is not (RoleSpec.Server or RoleSpec.Client))
                    yield return $"instance '{instance.Name}': the probe service has roles server and client, not '{role.Role}'";
                if (probe && role.HasServiceDetails) yield return $"{where}: the probe service takes members only (no settings, extraModules or tag attribute sets)";
                if (!probe && !RoleName().IsMatch(role.Role)) yield return $"{where}: role names must match [a-z][a-z0-9_-]*";
                foreach (var target in role.MachineSettings.GroupBy(t => t.Target).Where(g => g.Count() > 1)) yield return $"{where}: machine '{target.Key}' has settings twice";
                foreach (var target in role.MachineSettings.Where(t => !role.Machines.Contains(t.Target))) yield return $"{where}: settings for machine '{target.Target}', which is not in the role's machines";
                foreach (var target in role.TagSettings.GroupBy(t => t.Target).Where(g => g.Count() > 1)) yield return $"{where}: tag '{target.Key}' has settings twice";
                foreach (var target in role.TagSettings.Where(t => !role.Tags.Contains(t.Target))) yield return $"{where}: settings for tag '{target.Target}', which is not in the role's tags";
                if (role.TagSettings.Count > 0 && !role.TagsAsAttrs) yield return $"{where}: tag settings need the attribute-set form of tags";
                if (role.TagsAsAttrs && role.Tags.Distinct().Count() != role.Tags.Count) yield return $"{where}: tags written as an attribute set must be distinct";
                foreach (var label in role.ExtraModules.Where(l => !ExtraLabel().IsMatch(l))) yield return $"{where}: extra module label '{label}' must match [a-z0-9-]+";
                var settings = new[] { ("settings", role.Settings) }
                    .Concat(role.MachineSettings.Select(t => ($"machines.{t.Target}.settings", (SettingsSpec?)t.Settings)))
                    .Concat(role.TagSettings.Select(t => ($"tags.{t.Target}.settings", (SettingsSpec?)t.Settings)));
                foreach (var (level, spec) in settings)
                    if (spec is not null) foreach (var p in SettingsProblems($"{where} {level}", spec)) yield return p;
            }
        }
    }

    private static IEnumerable<string> SettingsProblems(string where, SettingsSpec spec)
    {
        if (spec.Definitions.Count == 0) yield return $"{where}: a settings option needs at least one definition";
        foreach (var definition in spec.Definitions)
        {
            foreach (var option in definition.Values.GroupBy(v => v.Option).Where(g => g.Count() > 1)) yield return $"{where}: option '{option.Key}' is set twice in one definition";
            foreach (var value in definition.Values)
            {
                if (!OptionName().IsMatch(value.Option) || ReservedOptionNames.Contains(value.Option)) yield return $"{where}: '{value.Option}' is not a settings option name";
                if (value.Value is AttrsValue attrs && attrs.Entries.GroupBy(e => e.Key).Any(g => g.Count() > 1)) yield return $"{where}: '{value.Option}' sets an attribute twice";
                if (value.Value is AttrsValue a && a.Entries.Any(e => !OptionName().IsMatch(e.Key))) yield return $"{where}: '{value.Option}' has an attribute name that is not [a-z][A-Za-z0-9]*";
                if (value.Priority.Form == PriorityForm.Override && value.Priority.Custom < 0) yield return $"{where}: mkOverride needs a non-negative priority";
            }
            if (definition.Priority.Form == PriorityForm.Override && definition.Priority.Custom < 0) yield return $"{where}: mkOverride needs a non-negative priority";
        }
    }

    /// <summary>Throws <see cref="InvalidCaseException"/> listing every problem.</summary>
    public static void Validate(ClanCase c)
    {
        var problems = Problems(c);
        if (problems.Count > 0)
            throw new InvalidCaseException($"case {c.Id} cannot be rendered: " + string.Join("; ", problems));
    }

    private static IEnumerable<string> DefinitionProblems(string where, IEnumerable<Definition> definitions, bool allowInputs)
    {
        foreach (var d in definitions)
        {
            if (d.NeedsInputs && !allowInputs) yield return $"{where}: {d.GetType().Name} needs the flake's inputs, only dendritic modules have them";
            if (d is NixpkgsConfigDef config && config.Entries.GroupBy(e => e.Key).Any(g => g.Count() > 1))
                yield return $"{where}: a nixpkgs.config definition sets the same key twice";
            if (d.Priority.Form == PriorityForm.Override && d.Priority.Custom < 0) yield return $"{where}: mkOverride needs a non-negative priority";
        }
    }

    private static bool FileSafe(ClanCase c, ModuleSpec m) =>
        m.Kind != ModuleKind.Dendritic && m.Imports.All(i => c.FindModule(i) is { } child && FileSafe(c, child));

    private static string Escape(string s) => s.Replace("\n", "\\n").Replace("\0", "\\0");

    [GeneratedRegex(@"\A[A-Za-z0-9]+\z")]
    private static partial Regex CaseId();

    [GeneratedRegex(@"\A[a-z][a-z0-9-]*\z")]
    private static partial Regex ModuleId();

    [GeneratedRegex(@"\Aconformance[A-Za-z0-9]+\z")]
    private static partial Regex SpecialArgName();

    [GeneratedRegex(@"\A[A-Za-z_][A-Za-z0-9_-]*\z")]
    private static partial Regex CoreAttributeName();

    [GeneratedRegex(@"\A[a-z0-9_]+-[a-z0-9_]+\z")]
    private static partial Regex SystemName();

    [GeneratedRegex(@"\A[a-z][a-z0-9_-]*\z")]
    private static partial Regex RoleName();

    [GeneratedRegex(@"\A[A-Za-z][A-Za-z0-9_-]*\z")]
    private static partial Regex ServiceName();

    [GeneratedRegex(@"\A[a-z][A-Za-z0-9]*\z")]
    private static partial Regex OptionName();

    [GeneratedRegex(@"\A[a-z0-9-]+\z")]
    private static partial Regex ExtraLabel();

    [GeneratedRegex(@"\A[a-z0-9]([a-z0-9.-]*[a-z0-9])?\z")]
    private static partial Regex Domain();
}

public sealed class InvalidCaseException(string message) : Exception(message);

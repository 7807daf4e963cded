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
        foreach (var instance in c.Instances)
        foreach (var role in instance.Roles)
            if (role.Role is not (RoleSpec.Server or RoleSpec.Client))
                problems.Add($"instance '{instance.Name}': the probe service has roles server and client, not '{role.Role}'");
        return problems;
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

    [GeneratedRegex(@"\A[a-z0-9_]+-[a-z0-9_]+\z")]
    private static partial Regex SystemName();
}

public sealed class InvalidCaseException(string message) : Exception(message);

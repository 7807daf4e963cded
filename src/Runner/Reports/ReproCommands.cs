using Conformance.Model.Cases;
using Conformance.Model.Observations;
using Conformance.Model.Semantics;
using Conformance.NixDriver.Rendering;

namespace Conformance.Runner.Reports;

/// <summary>The plain <c>nix eval</c> command that shows one field of a rendered case (run in its repro directory).</summary>
public static class ReproCommands
{
    public static string For(ClanCase clanCase, FieldKey key)
    {
        var inventory = new Inventory(clanCase);
        if (key.Scope == Scope.Stderr)
        {
            return key.Field == StderrFields.PkgsForSystemCalls
                ? $"{Eval(["clanInternals", "machines", key.System!], NixExpressions.MapMachines(ObservationExpressions.For(MachineField.Trail)))} 2>&1 | grep -c {Quote(TraceLabels.PkgsForSystem(clanCase.Id) + key.System)}"
                : $"{Eval(["nixosConfigurations"], NixExpressions.MapMachines(ObservationExpressions.For(MachineField.Roles)))} 2>&1 | grep 'evaluation warning'";
        }
        if (key.Scope == Scope.Clan) return Eval([], ObservationExpressions.For(key.ClanField!.Value));
        var machine = key.Machine!;
        string[] path = key.Scope == Scope.Internals
            ? ["clanInternals", "machines", key.System!, machine]
            : [inventory.Classes.TryGetValue(machine, out var c) && c == MachineClass.Darwin ? "darwinConfigurations" : "nixosConfigurations", machine];
        return CanAddress(path)
            ? Eval(path, ObservationExpressions.For(key.MachineField!.Value))
            : Eval([], ObservationExpressions.ForKey(key));
    }

    private static bool CanAddress(IEnumerable<string> path) => path.All(s => s.Length > 0 && s.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '_' or '-'));

    private static string Eval(string[] path, string apply) =>
        $"nix eval --json {Quote(".#" + (path.Length == 0 ? "." : NixSyntax.InstallableAttrPath(path)))} --apply {Quote(apply)}";

    private static string Quote(string s) => "'" + s.Replace("'", "'\\''") + "'";
}

using System.Text.Json.Nodes;
using Conformance.Model.Cases;
using Conformance.Model.Observations;
using Conformance.Model.Outcomes;
using Conformance.Model.Semantics;
using Conformance.Model.Services;

namespace Conformance.Model.Oracle;

/// <summary>
/// The executable specification: predicts every observed field of a case. Pure and total:
/// every case gets an answer (a value or an expected error per field).
/// </summary>
public static class Oracle
{
    public static Prediction Predict(ClanCase clanCase)
    {
        var inventory = new Inventory(clanCase);
        var services = new ServiceModel(clanCase, inventory);
        var fields = new SortedDictionary<FieldKey, Outcome>();

        foreach (var field in ClanField.All)
            fields[FieldKey.Clan(field)] = field.Predict(inventory);

        var servicePredictor = new ServicePredictor(inventory, services);
        foreach (var key in ServicePlan.Keys(clanCase))
            fields[key] = servicePredictor.Predict(key);

        foreach (var machine in ObservationPlan.EvaluatesMachines(clanCase) ? clanCase.Machines : [])
        {
            var configuration = new MachineEvaluation(clanCase, inventory, machine, null);
            foreach (var field in MachineField.All)
                fields[FieldKey.Configuration(machine.Name, field)] = configuration.Predict(field);
            foreach (var system in ObservationPlan.InspectedSystems(clanCase))
            {
                var internals = new MachineEvaluation(clanCase, inventory, machine, system);
                foreach (var field in ObservationPlan.InternalsFields)
                    fields[FieldKey.Internals(system, machine.Name, field)] = internals.Predict(field);
            }
        }

        if (clanCase.PkgsForSystem.Mode != PkgsForSystemMode.Unset)
            foreach (var system in ObservationPlan.CountedSystems(clanCase))
            {
                // The configurations are evaluated first and never read pkgsFor (finding 1); the
                // clanInternals copies after them.
                fields[FieldKey.PkgsForSystemCalls(Scope.Configuration, system)] = Outcome.Value(JsonValues.Integer(0),
                    "nixosConfigurations/darwinConfigurations call nixosSystem/darwinSystem with the machine's modules only: nothing reads pkgsFor");
                var forced = ObservationPlan.InspectedSystems(clanCase).Contains(system)
                    && clanCase.Machines.Any(m => new MachineEvaluation(clanCase, inventory, m, system).ForcesPkgsFor);
                var calls = PkgsFor.ExpectedCalls(clanCase, system, forced);
                fields[FieldKey.PkgsForSystemCalls(Scope.Internals, system)] = Outcome.Value(JsonValues.Integer(calls),
                    calls == 1
                        ? "pkgsFor is a lazy attribute set bound once per clan: one call for an observed clanInternals system, however many machines"
                        : "pkgsForSystem only runs when a clanInternals.machines.<system> copy forces pkgsFor.<system>");
            }

        foreach (var (key, outcome) in Instances(clanCase, inventory)) fields[key] = outcome;

        var warnings = ServicePlan.ObservesServices(clanCase)
            ? NixOrder.Sort(services.Groups.SelectMany(g => g.Instances.Where(i => g.RolesCheck(i) is null)
                .SelectMany(i => i.Roles.SelectMany(r => services.UnmatchedTagWarnings(i, r)))))
            : clanCase.Machines.Count > 0 && inventory.ClassError is null ? inventory.UnmatchedTagWarnings() : [];
        fields[FieldKey.Warnings()] = Outcome.Value(JsonValues.Strings(warnings),
            warnings.Count == 0 ? "no role tag without machines" : "resolveTags warns for each role tag that matches no machine");

        if (ObservationPlan.FromStderr(clanCase).Contains(FieldKey.CoreWarnings()))
        {
            // A machine's coreReads field forces the reads it predicts (none outside clan.machines);
            // a field the harness reads alone (it breaks tryEval) is read after the warnings are collected.
            var reading = fields.Any(kv => kv.Key.MachineField == MachineField.CoreReads && kv.Key.Scope == Scope.Configuration
                && kv.Value is ValueOutcome { Expected: JsonArray { Count: > 0 } } && !kv.Value.BreaksTryEval);
            var warned = reading ? ClanCoreArgument.Warned(clanCase.CoreReads) : [];
            fields[FieldKey.CoreWarnings()] = Outcome.Value(JsonValues.Strings(warned),
                !reading ? "no machine module reads the clan-core argument"
                : warned.Count == 0 ? "only public attributes of clan-core are read"
                : "modules/clan/default.nix wraps every non-public attribute of the clan-core argument in lib.warnIf");
        }

        if (ObservationPlan.FromStderr(clanCase).Contains(FieldKey.ServiceWarnings()))
        {
            // The role-level finalSettings warns when read: the RoleSettings fields read it for every
            // role of every instance that passes the roles check — unless the field fails in a way
            // tryEval cannot catch, which the harness reads alone, after the warnings are collected.
            var read = fields.Where(kv => kv.Key.ServiceField == ServiceField.RoleSettings
                && (kv.Value is ValueOutcome || kv.Value is ErrorOutcome { Error.IsCatchable: true }) && !kv.Value.BreaksTryEval
                && services.Group(kv.Key.Service!) is { } g && g.RolesCheck(g.Instances.First(i => i.Name == kv.Key.Instance)) is null).ToList();
            fields[FieldKey.ServiceWarnings()] = Outcome.Value(JsonValues.Strings(read.Count > 0 ? [StderrFields.RoleSettingsWarning] : []),
                read.Count > 0
                    ? "reading role-level finalSettings (roles.<r>.settings) warns that it lacks machine settings"
                    : "no role-level settings are read");
        }
        if (ObservationPlan.FromStderr(clanCase).Contains(FieldKey.MetaWarnings()))
        {
            // meta.domain's default warns when evaluated with tld set. clan/Meta reads domain unless
            // a conflict in description (read first) stops it; a NixOS machine's targetHost default
            // reads it through clan.core.settings.domain (inside tryEval, which does not hide warnings).
            var metaReadsDomain = InventoryMeta.Of(clanCase)["description"].Error is null;
            var machineReadsDomain = fields.Keys.Where(k => k.MachineField == MachineField.TargetHost && k.Scope == Scope.Configuration)
                .Any(k => new MachineEvaluation(clanCase, inventory, clanCase.Machines.First(m => m.Name == k.Machine), null).ReadsMetaDomain);
            var warned = InventoryMeta.DomainWarnsAboutTld(clanCase) && (metaReadsDomain || machineReadsDomain);
            fields[FieldKey.MetaWarnings()] = Outcome.Value(JsonValues.Strings(warned ? [StderrFields.TldWarning] : []),
                warned ? "meta.nix: domain's default is tld, wrapped in lib.warn, and something reads it"
                : InventoryMeta.DomainWarnsAboutTld(clanCase) ? "nothing reads meta.domain's default" : "meta.domain is defined, so its tld default (and its warning) is never evaluated");
        }
        return new Prediction(clanCase.Id, fields);
    }

    /// <summary>
    /// nixpkgs instances per cost unit (<see cref="CostFields"/>): in the configurations one per
    /// machine (finding 1: each instantiates nixpkgs from its own nixpkgs.* options), in the
    /// clanInternals copies of a system one shared pkgsFor instance however many machines (clan-core
    /// module.nix: "We don't want to call `pkgsForSystem system` multiple times"), plus what a
    /// machine's overlays or own pkgs add. A unit with a machine the model cannot follow to the end
    /// (an evaluation error) is not predicted; the other counters never are (they are compared
    /// between revisions only).
    /// </summary>
    private static IEnumerable<(FieldKey, Outcome)> Instances(ClanCase clanCase, Inventory inventory)
    {
        if (!CostFields.Keys(clanCase).Any()) yield break;
        foreach (var (path, system) in CostFields.Units(clanCase))
        {
            var counts = clanCase.Machines.Select(m => new MachineEvaluation(clanCase, inventory, m, path == Scope.Internals ? system : null).Instances()).ToList();
            if (counts.Any(c => c is null)) continue;
            var own = counts.Sum(c => c!.Own);
            var shared = counts.Select(c => c!.SharedPkgsFor).OfType<string>().Distinct().Count();
            yield return (FieldKey.Cost(path, system, CostCounter.Instances), Outcome.Value(JsonValues.Integer(own + shared),
                path == Scope.Configuration
                    ? $"each machine instantiates nixpkgs from its own nixpkgs.* options ({own} instance(s) for {clanCase.Machines.Count} machine(s), overlays on a given pkgs add one each)"
                    : $"pkgsFor.{system} is one instance however many machines read it ({shared}); machines' own pkgs and appendOverlays add {own}"));
        }
    }
}

using System.Text.Json.Nodes;
using Conformance.Model.Cases;
using Conformance.Model.Errors;
using Conformance.Model.ModuleSystem;
using Conformance.Model.Outcomes;

namespace Conformance.Model.Semantics;

/// <summary>
/// Deploy addresses and hardware facts: clan-core nixosModules/clanCore/networking.nix
/// (<c>clan.core.networking.{targetHost, buildHost}</c>, and on NixOS <c>networking.domain =
/// mkDefault meta.domain</c> under <c>enableRecommendedDefaults</c>), nixos-facter.nix
/// (<c>hardware.facter.reportPath</c>, the duplicate-facts warning), and nixpkgs' and nix-darwin's
/// <c>networking.fqdn</c>.
/// </summary>
internal sealed partial class MachineEvaluation
{
    /// <summary><c>clan.core.enableRecommendedDefaults</c> (<c>bool</c>, default true).</summary>
    private MergeResult<bool> RecommendedDefaults()
    {
        var winners = OptionMerge.Winners(Defs<RecommendedDefaultsDef>(), new RecommendedDefaultsDef(true) { Priority = Priority.OptionDefault });
        var values = winners.Select(w => w.Value).Distinct().ToList();
        return values.Count == 1
            ? MergeResult<bool>.Of(values[0], "clan.core.enableRecommendedDefaults")
            : MergeResult<bool>.Fail(new ExpectedError(ErrorKind.ConflictingDefinitions,
                "The option `clan.core.enableRecommendedDefaults' has conflicting definition values", "bool merges with mergeEqualOption"));
    }

    /// <summary>
    /// <c>networking.domain</c> (<c>nullOr str</c>, default null; nixpkgs network-interfaces.nix, nix-darwin
    /// networking). On NixOS clan adds <c>mkDefault meta.domain</c> when <c>enableRecommendedDefaults</c>
    /// holds and <c>builtins.tryEval clan.core.settings.domain</c> succeeds — so an inventory.meta.domain that
    /// does not evaluate (a conflict) silently leaves the domain unset.
    /// </summary>
    public MergeResult<string> Domain()
    {
        var definitions = Defs<DomainDef>().ToList();
        if (_class == MachineClass.Nixos)
        {
            var recommended = RecommendedDefaults();
            if (recommended.Error is not null) return MergeResult<string>.Fail(recommended.Error);
            var metaDomain = InventoryMeta.Of(_case)["domain"];
            if (recommended.Value && metaDomain.Error is null)
                definitions.Add(new DomainDef(metaDomain.Value!.GetValue<string>()) { Priority = Priority.Default });
        }
        var winners = OptionMerge.Winners(definitions, new DomainDef(null!) { Priority = Priority.OptionDefault });
        var nulls = winners.Count(w => w.Value is null);
        if (nulls == winners.Count) return MergeResult<string>.Of(null!, "networking.domain: no definition above its default (null)");
        if (nulls > 0)
            return MergeResult<string>.Fail(new ExpectedError(ErrorKind.ConflictingDefinitions,
                "The option `networking.domain` is defined both null and not null", "types.nullOr: the null default and a definition share priority 1500"));
        return OptionMerge.EqualStrings("networking.domain", winners, d => d.Value);
    }

    /// <summary>
    /// Whether observing targetHost evaluates <c>meta.domain</c> (through <c>clan.core.settings.domain</c>):
    /// a NixOS machine that evaluates, with enableRecommendedDefaults, whose targetHost default is kept.
    /// </summary>
    public bool ReadsMetaDomain =>
        Fatal is null && _class == MachineClass.Nixos && RecommendedDefaults() is { Error: null, Value: true }
        && OptionMerge.Winners(Defs<TargetHostDef>(), new TargetHostDef(null!) { Priority = Priority.OptionDefault }).Any(w => w.Value is null);

    /// <summary>
    /// <c>clan.core.networking.targetHost</c>: the user's definitions over the option's default, which is
    /// <c>"root@${networking.fqdn}"</c> when <c>networking.domain</c> is not null (fqdn =
    /// <c>"${hostName}.${domain}"</c>, a throw when the host name is empty), else null. The default is
    /// only evaluated when it is kept (no definition of a higher priority).
    /// </summary>
    public Outcome TargetHost()
    {
        var defaultValue = new TargetHostDef(null!) { Priority = Priority.OptionDefault };
        var winners = OptionMerge.Winners(Defs<TargetHostDef>(), defaultValue);
        string? computed = null;
        var rule = "clan.core.networking.targetHost: a user definition wins over the default";
        if (winners.Contains(defaultValue))
        {
            var domain = Domain();
            if (domain.Error is not null) return Outcome.Fails(domain.Error);
            if (domain.Value is not null)
            {
                var hostName = HostName();
                if (hostName.Error is not null) return Outcome.Fails(hostName.Error);
                if (string.IsNullOrEmpty(hostName.Value))
                    return Outcome.Fails(new ExpectedError(ErrorKind.Throw, "The FQDN is required but cannot be determined",
                        "networking.fqdn throws when networking.hostName is empty and targetHost's default reads it"));
                computed = $"root@{hostName.Value}.{domain.Value}";
                rule = $"targetHost defaults to root@<networking.fqdn> ({hostName.Value}.{domain.Value}): " + (_class == MachineClass.Nixos
                    ? "networking.domain is clan's mkDefault meta.domain or the user's"
                    : "nix-darwin: clan sets no domain, the user did");
            }
            else rule = _class == MachineClass.Nixos
                ? "networking.domain is null (enableRecommendedDefaults off, or meta.domain does not evaluate), so targetHost defaults to null"
                : "nix-darwin: clan sets no networking.domain, so targetHost defaults to null";
        }
        var values = winners.Select(w => ReferenceEquals(w, defaultValue) ? computed : w.Value).ToList();
        if (values.All(v => v is null)) return Outcome.Value(null, rule);
        if (values.Any(v => v is null))
            return Outcome.Fails(new ExpectedError(ErrorKind.ConflictingDefinitions,
                "clan.core.networking.targetHost` is defined both null and not null", "types.nullOr: the default (null) and a definition share priority 1500"));
        return values.Distinct(StringComparer.Ordinal).Count() == 1
            ? Outcome.Value(JsonValues.String(values[0]!), rule)
            : Outcome.Fails(new ExpectedError(ErrorKind.ConflictingDefinitions,
                "The option `clan.core.networking.targetHost' has conflicting definition values", "nullOr str merges with mergeEqualOption"));
    }

    /// <summary><c>clan.core.networking.buildHost</c>: <c>nullOr str</c>, default null.</summary>
    public Outcome BuildHost()
    {
        var winners = OptionMerge.Winners(Defs<BuildHostDef>(), new BuildHostDef(null!) { Priority = Priority.OptionDefault });
        var nulls = winners.Count(w => w.Value is null);
        if (nulls == winners.Count) return Outcome.Value(null, "clan.core.networking.buildHost defaults to null");
        if (nulls > 0)
            return Outcome.Fails(new ExpectedError(ErrorKind.ConflictingDefinitions,
                "clan.core.networking.buildHost` is defined both null and not null", "types.nullOr: the default (null) and a definition share priority 1500"));
        return MachineEvaluation.FromString(OptionMerge.EqualStrings("clan.core.networking.buildHost", winners, d => d.Value));
    }

    /// <summary>
    /// What nixos-facter.nix (NixOS only) makes of <c>machines/&lt;m&gt;/facter.json</c> in the clan's
    /// directory: <c>hardware.facter.reportPath</c>, the file when it exists (the harness reads it
    /// relative to its store path). Reading the option evaluates no other module: no failure of the
    /// machine's other options reaches it.
    /// </summary>
    public Outcome Facter()
    {
        var nixos = _class == MachineClass.Nixos;
        var report = nixos && _machine.Directory?.Facter is not null ? $"machines/{_machine.Name}/{MachineDirectory.FacterJson}" : null;
        return Outcome.Value(new JsonObject { ["reportPath"] = report is null ? null : JsonValue.Create(report) },
            !nixos ? "nix-darwin: clan imports nixos-facter.nix for NixOS only"
            : report is null ? "no facter.json in the machine's directory: reportPath stays null"
            : "facter.json in the clan directory's machines/<m>/ sets hardware.facter.reportPath");
    }
}

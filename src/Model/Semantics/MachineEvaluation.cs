using System.Text.RegularExpressions;
using Conformance.Model.Cases;
using Conformance.Model.Comparison;
using Conformance.Model.Errors;
using Conformance.Model.ModuleSystem;
using Conformance.Model.Observations;
using Conformance.Model.Outcomes;
using Conformance.Model.Services;

namespace Conformance.Model.Semantics;

/// <summary>
/// The predicted fields of one machine evaluation: <c>nixosConfigurations.&lt;m&gt;</c> /
/// <c>darwinConfigurations.&lt;m&gt;</c> (no <paramref name="internalsSystem"/>) or
/// <c>clanInternals.machines.&lt;system&gt;.&lt;m&gt;</c>. nixpkgs semantics from
/// nixos/modules/misc/nixpkgs.nix (nix-darwin's modules/nix/nixpkgs.nix is the same in every
/// respect observed here).
/// </summary>
internal sealed partial class MachineEvaluation
{
    private readonly ClanCase _case;
    private readonly Inventory _inventory;
    private readonly MachineSpec _machine;
    private readonly string? _system;
    private readonly MachineClass _class;
    private readonly List<LocatedDefinition> _definitions = [];
    private readonly ExpectedError? _collectError;
    private readonly ExpectedError? _serviceError;

    public MachineEvaluation(ClanCase clanCase, Inventory inventory, MachineSpec machine, string? internalsSystem)
    {
        _case = clanCase;
        _inventory = inventory;
        _machine = machine;
        _system = internalsSystem;
        _class = inventory.Classes[machine.Name];
        var services = new ServiceModel(clanCase, inventory);
        _serviceError = services.FinalError;
        var (definitions, error) = ModuleCollector.DefinitionsInMergeOrder(
            MachineGraph.Roots(clanCase, machine, _class, internalsSystem, _serviceError is null ? ServiceModules.For(services, machine.Name, _class) : []),
            _class == MachineClass.Nixos ? ModuleClass.Nixos : ModuleClass.Darwin);
        _definitions.AddRange(definitions);
        _collectError = error;
    }

    /// <summary>Whether the machine imports the probe (which declares the conformance.* options).</summary>
    public bool HasProbe => _machine.InClanMachines || _machine.Directory?.IsImportedInto(_class) == true;

    /// <summary>
    /// An error that makes every field of the machine fail: the inventory's class conflict, a
    /// module class mismatch, or — for NixOS only — a package set that cannot be built. NixOS
    /// checks its definitions against option types some of which need <c>pkgs</c>
    /// (e.g. bluetooth's settings format), so without nixpkgs.hostPlatform or nixpkgs.pkgs even
    /// networking.hostName fails; nix-darwin's options do not, so there only the pkgs-dependent
    /// fields fail (both measured).
    /// </summary>
    public ExpectedError? Fatal => ClassError ?? _serviceError ?? _collectError ?? (_class == MachineClass.Nixos ? FinalPkgs().Error : null);

    /// <summary>
    /// The class conflict that fails this evaluation: in the configurations, any machine's (they are
    /// filtered by class); in a clanInternals copy, the machine's own. Another machine's conflict
    /// reaches a copy only through the services: <c>result.final</c> resolves role tags, which
    /// read every machine's class (<see cref="ServiceModel.FinalError"/>).
    /// </summary>
    private ExpectedError? ClassError => _system is null ? _inventory.ClassError : _inventory.OwnClassError(_machine.Name);

    /// <summary>
    /// Whether observing this clanInternals copy evaluates <c>pkgsFor.${system}</c> (and so calls
    /// pkgsForSystem): its module tree must collect, and clan's mkForce must be among the kept
    /// definitions of nixpkgs.pkgs or nixpkgs.hostPlatform (a user definition below priority 50
    /// filters it out unevaluated). Through nixpkgs.hostPlatform only if something reads it: on
    /// NixOS, user definitions of nixpkgs.pkgs that conflict fail the whole configuration while
    /// `pkgs` is built, before any field reads hostPlatform (measured: no pkgsForSystem call).
    /// </summary>
    public bool ForcesPkgsFor =>
        _system is not null && ClassError is null && _serviceError is null && _collectError is null
        && (OptionMerge.Winners(Defs<NixpkgsPkgsDef>().Cast<Definition>().Concat(Defs<PkgsForDef>()), null).OfType<PkgsForDef>().Any()
            || (OptionMerge.Winners(Defs<HostPlatformDef>(), null).Any(IsOverridePkgs)
                && !(_class == MachineClass.Nixos && Pkgs().Error is not null)));

    /// <summary>
    /// The nixpkgs instances observing this evaluation creates (each is a call of nixpkgs'
    /// <c>pkgs/top-level/default.nix</c>): <see cref="InstanceCount.Own"/> for this machine alone —
    /// the instance nixpkgs.nix builds from the machine's options, or the machine's own
    /// <c>nixpkgs.pkgs</c> import, plus one for <c>appendOverlays</c> when the machine has overlays on
    /// top of a given pkgs (nixpkgs' stage.nix: <c>appendOverlays [ ]</c> is the same instance) — and
    /// the shared <c>pkgsFor.&lt;system&gt;</c> it reads (bound once per clan: one instance per system
    /// however many machines, the promise of clan-core's module.nix). Null where the model does not
    /// know how far an evaluation gets before failing.
    /// </summary>
    public InstanceCount? Instances()
    {
        if (Fatal is not null) return null;
        var pkgs = Pkgs();
        if (pkgs.Error is not null || FinalPkgs().Error is not null) return null;
        var overlays = Overlays().Value!.Count > 0 ? 1 : 0;
        return pkgs.Value switch
        {
            NixpkgsPkgsDef => new InstanceCount(1 + overlays, null),
            PkgsForDef forced => new InstanceCount(overlays, forced.System),
            _ => _system is not null && ForcesPkgsFor ? new InstanceCount(1, _system) : new InstanceCount(1, null),
        };
    }

    /// <summary>The field's outcome for this evaluation: a fatal error fails every field; otherwise the field's own prediction, with clan's documented behaviour applied.</summary>
    public Outcome Predict(MachineField field)
    {
        if (Fatal is { } fatal) return Outcome.Fails(fatal);
        return Documented(field, field.Predict(this));
    }

    // ---- what field descriptors read (Observations/Fields/Machine) ------------------------------

    public ClanCase Case => _case;

    public Inventory Inventory => _inventory;

    public MachineSpec Machine => _machine;

    /// <summary>A probe option's outcome: null where the machine has no probe module (<c>conformance</c> is not an option there).</summary>
    public Outcome Probe(Func<Outcome> read) => HasProbe ? read() : Outcome.Value(null, "no probe module: `conformance' is not an option here");

    /// <summary>conformance.serviceOrder: the entries of the service modules' definitions, in merge order.</summary>
    public MergeResult<IReadOnlyList<string>> ServiceOrder() =>
        OptionMerge.Lists("conformance.serviceOrder", OptionMerge.Winners(Defs<ServiceOrderDef>(), null), _ => Order.Plain, d => new[] { d.Entry });

    // ---- documented behaviour -----------------------------------------------------------------

    /// <summary>
    /// Where clan-core's documentation of <c>pkgsForSystem</c> (modules/clan/top-level-interface.nix:
    /// "If specified this nixpkgs will be only imported once for each system. This improves
    /// performance, but all `nixpkgs.*` options will be ignored. Returning `null` for a system will
    /// fallback to the default behavior of respecting the `nixpkgs.*` options.") promises something
    /// the implementation does not do, the documented outcome is the prediction and the actual one
    /// rides along as a known deviation (see known-deviations.json).
    /// </summary>
    private Outcome Documented(MachineField field, Outcome actual)
    {
        if (actual is not ValueOutcome) return actual;
        var pkgsWinner = Pkgs();
        if (_system is null)
        {
            // Deployable configurations: the doc says machines get pkgsForSystem's instance.
            if (field.OfPackageSet is null || pkgsWinner.IsDefined) return actual;
            var platform = HostPlatform();
            if (platform.Error is not null || !platform.IsDefined) return actual;
            var (custom, _) = PkgsFor.Of(_case, platform.Value!);
            if (custom is not { FromPkgsForSystem: true }) return actual;
            return Tagged(field.OfPackageSet(custom), DeviationIds.ConfigurationsIgnorePkgsForSystem,
                $"documented: pkgsForSystem's instance for {platform.Value} is the machine's pkgs and nixpkgs.* options are ignored", actual);
        }
        if (pkgsWinner.Value is not PkgsForDef) return actual;
        var (pkgsFor, _) = PkgsFor.Of(_case, _system);
        if (pkgsFor is null) return actual;
        if (pkgsFor.FromPkgsForSystem && field == MachineField.Trail && Overlays().Value!.Count > 0)
            return Tagged(field.OfPackageSet!(pkgsFor), DeviationIds.InternalsApplyOverlaysOnPkgsForSystem,
                "documented: with pkgsForSystem set, nixpkgs.* options (overlays included) are ignored", actual);
        var config = NixpkgsConfig().Value!;
        if (!pkgsFor.FromPkgsForSystem && config.Count > 0 && (field == MachineField.PkgsConfig || field == MachineField.NixpkgsAssertions))
            return Tagged(field == MachineField.PkgsConfig ? JsonValues.StringMap(config) : JsonValues.Strings([]),
                DeviationIds.InternalsIgnoreConfigOnFallback,
                "documented: pkgsForSystem returned null, so the default behaviour of respecting nixpkgs.* options applies", actual);
        return actual;
    }

    /// <summary>The documented outcome carrying the actual one — unless they coincide for this field (no deviation to see).</summary>
    private static Outcome Tagged(System.Text.Json.Nodes.JsonNode documented, string deviation, string rule, Outcome actual) =>
        actual is ValueOutcome { Expected: var value } && System.Text.Json.Nodes.JsonNode.DeepEquals(value, documented)
            ? actual
            : Outcome.Value(documented, rule) with { Deviation = new DeviationOutcome(deviation, actual) };

    private IEnumerable<T> Defs<T>() where T : Definition => _definitions.Select(d => d.Definition).OfType<T>();

    // ---- module-system options ---------------------------------------------------------------

    public MergeResult<string> HostName()
    {
        // The option's default (nixos: system.nixos.distroId; nix-darwin: null) and clan's
        // `mkDefault name` in the generated module are definitions like any other.
        HostNameDef? optionDefault = _class == MachineClass.Nixos ? new HostNameDef("nixos") { Priority = Priority.OptionDefault } : null;
        var winners = OptionMerge.Winners(Defs<HostNameDef>(), optionDefault);
        if (_class == MachineClass.Darwin && winners.Count == 0)
            return MergeResult<string>.Of(null!, "nix-darwin networking.hostName defaults to null");
        return OptionMerge.EqualStrings("networking.hostName", winners, d => d.Value,
            _class == MachineClass.Nixos ? NixosHostName() : DarwinHostName());
    }

    public MergeResult<string> Scalar() =>
        OptionMerge.EqualStrings("conformance.scalar",
            OptionMerge.Winners(Defs<ScalarDef>(), new ScalarDef("default") { Priority = Priority.OptionDefault }), d => d.Value);

    // conformance.unique is `nullOr (uniq str)` with default null. types.nullOr merges: all kept
    // definitions null → null; some null, some not → "defined both null and not null"; none null →
    // uniq: exactly one definition.
    public MergeResult<string> Unique()
    {
        var winners = OptionMerge.Winners(Defs<UniqueDef>(), new UniqueDef(null!) { Priority = Priority.OptionDefault });
        var nulls = winners.Count(w => w.Value is null);
        if (nulls == winners.Count) return MergeResult<string>.Of(null!, "conformance.unique: only its default (null) is kept");
        if (nulls > 0)
            return MergeResult<string>.Fail(new ExpectedError(ErrorKind.ConflictingDefinitions,
                "The option `conformance.unique` is defined both null and not null",
                "types.nullOr: the null default and a definition share the winning priority (1500)"));
        return OptionMerge.Unique("conformance.unique", winners).Map(d => d.Value);
    }

    public MergeResult<IReadOnlyList<string>> ListValue() =>
        OptionMerge.Lists("conformance.list", OptionMerge.Winners(Defs<ListDef>(), new ListDef([]) { Priority = Priority.OptionDefault }),
            d => d.Order, d => d.Items);

    // ---- nixpkgs.nix --------------------------------------------------------------------------

    private MergeResult<string> HostPlatform()
    {
        var winners = OptionMerge.Winners(Defs<HostPlatformDef>(), null);
        // overridePkgs' value is pkgsFor.${system}.stdenv.hostPlatform.system: merging evaluates
        // it, so a package set that fails to build fails the merge before any conflict is seen.
        if (_system is not null && winners.Any(w => w.Priority.Value == Priority.Force.Value && w.System == _system && IsOverridePkgs(w))
            && PkgsFor.Of(_case, _system).Error is { } pkgsForError)
            return MergeResult<string>.Fail(pkgsForError);
        return OptionMerge.EqualStrings("nixpkgs.hostPlatform", winners, d => d.System);
    }

    private bool IsOverridePkgs(HostPlatformDef d) =>
        _definitions.Any(l => ReferenceEquals(l.Definition, d) && l.Module.Origin == MachineGraph.OverridePkgsOrigin);

    private MergeResult<Definition> Pkgs()
    {
        var winners = OptionMerge.Winners(Defs<NixpkgsPkgsDef>().Cast<Definition>().Concat(Defs<PkgsForDef>()), null);
        // types.pkgs checks every kept value (`_type == "pkgs"`) before counting them, so a
        // pkgsFor.${system} that fails to evaluate fails first.
        if (winners.OfType<PkgsForDef>().FirstOrDefault() is { } forced && PkgsFor.Of(_case, forced.System).Error is { } error)
            return MergeResult<Definition>.Fail(error);
        return OptionMerge.Unique("nixpkgs.pkgs", winners);
    }

    private MergeResult<IReadOnlyList<string>> Overlays() =>
        OptionMerge.Lists<OverlayDef, string>("nixpkgs.overlays", OptionMerge.Winners(Defs<OverlayDef>(), new OverlayDef("") { Priority = Priority.OptionDefault }),
            d => d.Order, d => d.Id.Length == 0 ? [] : [d.Id]);

    public MergeResult<IReadOnlyDictionary<string, string>> NixpkgsConfig() =>
        OptionMerge.NixpkgsConfig(OptionMerge.Winners(Defs<NixpkgsConfigDef>(), new NixpkgsConfigDef([]) { Priority = Priority.OptionDefault }));

    /// <summary>
    /// <c>finalPkgs = if opt.pkgs.isDefined then cfg.pkgs.appendOverlays cfg.overlays else import nixpkgs { inherit (cfg) config overlays; localSystem = cfg.hostPlatform; }</c>.
    /// </summary>
    private (PackageSet? Pkgs, ExpectedError? Error) FinalPkgs()
    {
        var pkgs = Pkgs();
        var overlays = Overlays().Value!;
        if (pkgs.Error is not null) return (null, pkgs.Error);
        if (pkgs.IsDefined)
        {
            var (basePkgs, error) = pkgs.Value switch
            {
                NixpkgsPkgsDef own => (new PackageSet([own.MarkerId], own.System,
                    new Dictionary<string, string> { ["source"] = own.ConfigSource },
                    $"the machine's own nixpkgs.pkgs ({own.Priority}), which wins over clan's mkForce only below 50"), null),
                PkgsForDef forced => PkgsFor.Of(_case, forced.System),
                _ => throw new InvalidOperationException(),
            };
            return error is not null ? (null, error) : (basePkgs!.AppendOverlays(overlays), null);
        }
        var hostPlatform = HostPlatform();
        if (hostPlatform.Error is not null) return (null, hostPlatform.Error);
        if (!hostPlatform.IsDefined) return (null, NeitherPlatformSet);
        return (new PackageSet(overlays, hostPlatform.Value!, NixpkgsConfig().Value!,
            $"nixpkgs instantiated by the machine from nixpkgs.config/overlays/hostPlatform ({hostPlatform.Value})"), null);
    }

    private static readonly ExpectedError NeitherPlatformSet = new(ErrorKind.Throw,
        "nixpkgs.hostPlatform nor the legacy option nixpkgs.system has been set",
        "nixpkgs.nix: without nixpkgs.pkgs or nixpkgs.hostPlatform there is no system to instantiate nixpkgs for");

    public Outcome FromPkgs(Func<PackageSet, System.Text.Json.Nodes.JsonNode> value, Func<PackageSet, string> rule)
    {
        var (pkgs, error) = FinalPkgs();
        return error is not null ? Outcome.Fails(error) : Outcome.Value(value(pkgs!), rule(pkgs!));
    }

    public Outcome HostPlatformField()
    {
        var merged = HostPlatform();
        if (merged.Error is not null) return Outcome.Fails(merged.Error);
        if (!merged.IsDefined)
            return Outcome.Fails(new ExpectedError(ErrorKind.NoValueDefined,
                "The option `nixpkgs.hostPlatform' was accessed but has no value defined", "nixpkgs.hostPlatform has no default"));
        return Outcome.Value(JsonValues.String(merged.Value!), merged.Rule +
            (_system is null ? "" : $"; clanInternals adds mkForce \"{_system}\" (overridePkgs)"));
    }

    /// <summary>
    /// The three assertions of nixpkgs.nix, as ids: <c>externalInstanceWithConfig</c> when
    /// nixpkgs.pkgs is set and the merged nixpkgs.config is not empty. Evaluating them throws when
    /// nixpkgs is constructed without any platform (the first assertion reads nixpkgs.system).
    /// </summary>
    public Outcome NixpkgsAssertions()
    {
        // Evaluating the assertions forces the final package set (measured on nix-darwin; on NixOS
        // a failing package set fails every field anyway), so its error comes first.
        if (FinalPkgs().Error is { } pkgsError) return Outcome.Fails(pkgsError);
        var pkgsDefined = OptionMerge.Winners(Defs<NixpkgsPkgsDef>().Cast<Definition>().Concat(Defs<PkgsForDef>()), null).Count > 0;
        var config = NixpkgsConfig().Value!;
        return pkgsDefined && config.Count > 0
            ? Outcome.Value(JsonValues.Strings([AssertionIds.ExternalInstanceWithConfig]),
                "nixpkgs.nix asserts `opt.pkgs.isDefined -> cfg.config == { }`: nixpkgs.pkgs is set" +
                (_system is null ? "" : " (clanInternals: overridePkgs mkForce)") + " and nixpkgs.config is not empty, so the config is ignored")
            : Outcome.Value(JsonValues.Strings([]), pkgsDefined ? "nixpkgs.pkgs set and nixpkgs.config empty" : "nixpkgs constructed by the module: nothing to assert");
    }

    // ---- helpers -------------------------------------------------------------------------------

    public static Outcome FromString(MergeResult<string> merged) =>
        merged.Error is not null ? Outcome.Fails(merged.Error)
        : Outcome.Value(merged.Value is null ? null : JsonValues.String(merged.Value), merged.Rule);

    public static Outcome FromList(MergeResult<IReadOnlyList<string>> merged) =>
        merged.Error is not null ? Outcome.Fails(merged.Error) : Outcome.Value(JsonValues.Strings(merged.Value!), merged.Rule);

    // nixos/modules/tasks/network-interfaces.nix: ^$|^[[:alnum:]]([[:alnum:]_-]{0,61}[[:alnum:]])?$
    // ([[:alnum:]] is ASCII in Nix's C-locale regex). \A…\z: .NET's $ would also match before a final newline.
    [GeneratedRegex(@"\A(?:|[A-Za-z0-9](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9])?)\z")]
    private static partial Regex NixosHostName();

    // nix-darwin modules/networking/default.nix hostnameRegEx.
    // Written [a-zA-Z0-9\-] in a Nix '' string, i.e. a POSIX bracket expression, where a backslash
    // is literal: backslashes are allowed inside names (measured: "back\slash" passes).
    [GeneratedRegex(@"\A(?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9\\-]*[a-zA-Z0-9])\.)*(?:[A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9\\-]*[A-Za-z0-9])\z")]
    private static partial Regex DarwinHostName();
}

/// <summary>Ids for the assertions of nixpkgs' nixpkgs.nix module, matched on their messages.</summary>
public static class AssertionIds
{
    public const string ExternalInstanceWithConfig = "externalInstanceWithConfig";
    public const string PkgsSystemMismatch = "pkgsSystemMismatch";
    public const string LegacyOptions = "legacyOptions";

    /// <summary>The id of an assertion message (first line), or the line itself when unknown.</summary>
    public static string FromMessage(string firstLine) =>
        firstLine.Contains("externally created instance", StringComparison.Ordinal) ? ExternalInstanceWithConfig
        : firstLine.Contains("compiles to target system", StringComparison.Ordinal) ? PkgsSystemMismatch
        : firstLine.Contains("configures nixpkgs with the platform parameter", StringComparison.Ordinal) ? LegacyOptions
        : firstLine;
}

/// <summary>Instances one machine evaluation creates on its own, and the shared pkgsFor system it reads (if any).</summary>
internal sealed record InstanceCount(int Own, string? SharedPkgsFor);

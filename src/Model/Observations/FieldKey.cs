namespace Conformance.Model.Observations;

/// <summary>
/// Names one observed value of one case. Its <see cref="Text"/> form is the key in the JSON
/// that Nix returns and in saved failures:
/// <c>clan/Inventory</c>, <c>cfg/&lt;machine&gt;/Trail</c>, <c>sys/&lt;system&gt;/&lt;machine&gt;/Trail</c>,
/// <c>stderr/pkgsForSystem/&lt;system&gt;</c>, <c>stderr/warnings</c>, and for clan services
/// <c>svc/…/&lt;field&gt;</c> with the components of the field's <see cref="ServiceLevel"/>, e.g.
/// <c>svc/self-net/i1/peer/jon/Settings</c>.
/// </summary>
public sealed record FieldKey(Scope Scope, string Field, string? Machine = null, string? System = null,
    string? Service = null, string? Instance = null, string? Role = null) : IComparable<FieldKey>
{
    public static FieldKey Clan(ClanField field) => new(Scope.Clan, field.Name);

    public static FieldKey Configuration(string machine, MachineField field) => new(Scope.Configuration, field.Name, machine);

    public static FieldKey Internals(string system, string machine, MachineField field) => new(Scope.Internals, field.Name, machine, system);

    /// <summary>
    /// How often the traced pkgsForSystem ran for <paramref name="system"/> while the fields of one
    /// <paramref name="phase"/> were evaluated: <see cref="Scope.Configuration"/> (the deployable
    /// configurations, evaluated first) or <see cref="Scope.Internals"/> (the clanInternals copies, after).
    /// pkgsFor is bound once, so a call made in the first phase is not repeated in the second.
    /// </summary>
    public static FieldKey PkgsForSystemCalls(Scope phase, string system) => new(Scope.Stderr, StderrFields.PkgsForSystemCallsIn(phase), System: system);

    /// <summary>
    /// One evaluator counter of one cost unit: the fields of <paramref name="path"/>
    /// (<see cref="Scope.Configuration"/> or <see cref="Scope.Internals"/>) for <paramref name="system"/>
    /// (<see cref="CostFields.AllSystems"/> for the configurations), evaluated in a process of their own.
    /// </summary>
    public static FieldKey Cost(Scope path, string system, CostCounter counter) =>
        new(Scope.Cost, CostFields.FieldName(path, counter), System: system);

    public static FieldKey Warnings() => new(Scope.Stderr, StderrFields.Warnings);

    /// <summary>The distinct service warnings of clan-core's service evaluation (the role-level settings deprecation).</summary>
    public static FieldKey ServiceWarnings() => new(Scope.Stderr, StderrFields.ServiceWarnings);

    public static FieldKey CoreWarnings() => new(Scope.Stderr, StderrFields.CoreWarnings);

    /// <summary>clan-core's deprecation warnings about the clan's meta (<c>clan.meta.tld</c>).</summary>
    public static FieldKey MetaWarnings() => new(Scope.Stderr, StderrFields.MetaWarnings);

    /// <summary>A service field; pass exactly the components its <see cref="ServiceField.Level"/> has.</summary>
    public static FieldKey Svc(ServiceField field, string? service = null, string? instance = null, string? role = null, string? machine = null)
    {
        var key = new FieldKey(Scope.Service, field.Name, machine, null, service, instance, role);
        var expected = Components(field.Level);
        if ((service is not null) != expected.Service || (instance is not null) != expected.Instance || (role is not null) != expected.Role || (machine is not null) != expected.Machine)
            throw new ArgumentException($"{field} is a {field.Level}-level service field");
        return key;
    }

    public MachineField? MachineField => Scope is Scope.Configuration or Scope.Internals ? Observations.MachineField.Find(Field) : null;

    public ClanField? ClanField => Scope == Scope.Clan ? Observations.ClanField.Find(Field) : null;

    public ServiceField? ServiceField => Scope == Scope.Service ? Observations.ServiceField.Find(Field) : null;

    /// <summary>The descriptor of the evaluated field this key names (machine, clan or service), or null (stderr, cost).</summary>
    public ObservedField? Descriptor => (ObservedField?)MachineField ?? (ObservedField?)ClanField ?? ServiceField;

    /// <summary>For a pkgsForSystem count: the phase it was counted in (<see cref="Scope.Configuration"/> or <see cref="Scope.Internals"/>); null otherwise.</summary>
    public Scope? Phase => Scope == Scope.Stderr ? StderrFields.PhaseOf(Field) : CostPath;

    /// <summary>For a cost counter: the path its process evaluated; null otherwise.</summary>
    public Scope? CostPath => Scope == Scope.Cost ? CostFields.PathOf(Field) : null;

    /// <summary>For a cost counter: which counter; null otherwise.</summary>
    public CostCounter? Counter => Scope == Scope.Cost ? CostFields.CounterOf(Field) : null;

    /// <summary>Whether Nix evaluates this field's value (not read from stderr, not a cost counter).</summary>
    public bool IsEvaluated => Scope is not (Scope.Stderr or Scope.Cost);

    /// <summary>Whether this is a pkgsForSystem call count (of either phase).</summary>
    public bool IsPkgsForSystemCalls => Scope == Scope.Stderr && Phase is not null;

    public string Text => Scope switch
    {
        Scope.Clan => $"clan/{Field}",
        Scope.Configuration => $"cfg/{Machine}/{Field}",
        Scope.Internals => $"sys/{System}/{Machine}/{Field}",
        Scope.Cost => $"cost/{CostFields.PathLabel(CostPath!.Value)}/{System}/{CostFields.Name(Counter!.Value)}",
        Scope.Service => "svc/" + string.Concat(new[] { Service, Instance, Role, Machine }.OfType<string>().Select(p => p + "/")) + Field,
        _ => System is null ? $"stderr/{Field}" : $"stderr/{Field}/{System}",
    };

    public static FieldKey Parse(string text)
    {
        var parts = text.Split('/');
        return parts switch
        {
            ["clan", var f] => new FieldKey(Scope.Clan, f),
            ["cfg", var m, var f] => new FieldKey(Scope.Configuration, f, m),
            ["sys", var s, var m, var f] => new FieldKey(Scope.Internals, f, m, s),
            ["stderr", var f] => new FieldKey(Scope.Stderr, f),
            ["cost", var p, var s, var c] when CostFields.ParsePath(p) is { } path && CostFields.Parse(c) is { } counter => Cost(path, s, counter),
            ["stderr", var f, var s] => new FieldKey(Scope.Stderr, f, System: s),
            ["svc", .. var rest] when rest.Length > 0 && Observations.ServiceField.Find(rest[^1]) is { } field => ParseService(field, rest[..^1], text),
            _ => throw new FormatException($"'{text}' is not a field key"),
        };
    }

    private static FieldKey ParseService(ServiceField field, string[] parts, string text)
    {
        var level = field.Level;
        var c = Components(level);
        var count = (c.Service ? 1 : 0) + (c.Instance ? 1 : 0) + (c.Role ? 1 : 0) + (c.Machine ? 1 : 0);
        if (parts.Length != count) throw new FormatException($"'{text}' is not a field key: {field} is a {level}-level service field");
        var i = 0;
        string? Next(bool present) => present ? parts[i++] : null;
        var service = Next(c.Service);
        var instance = Next(c.Instance);
        var role = Next(c.Role);
        var machine = Next(c.Machine);
        return new FieldKey(Scope.Service, field.Name, machine, null, service, instance, role);
    }

    private static (bool Service, bool Instance, bool Role, bool Machine) Components(ServiceLevel level) => level switch
    {
        ServiceLevel.Clan => (false, false, false, false),
        ServiceLevel.Service => (true, false, false, false),
        ServiceLevel.Instance => (true, true, false, false),
        ServiceLevel.Role => (true, true, true, false),
        ServiceLevel.Member => (true, true, true, true),
        ServiceLevel.ServiceMachine => (true, false, false, true),
        ServiceLevel.InstanceMachine => (true, true, false, true),
        _ => (false, false, false, true),
    };

    public int CompareTo(FieldKey? other) => string.CompareOrdinal(Text, other?.Text);

    public override string ToString() => Text;
}

/// <summary>Fields derived from stderr rather than from the evaluated JSON.</summary>
public static class StderrFields
{
    /// <summary>How many times the traced pkgsForSystem (or perSystem clan.pkgs) ran for a system while the configurations were evaluated.</summary>
    public const string PkgsForSystemCallsInConfigurations = "pkgsForSystem.cfg";

    /// <summary>The same while the clanInternals copies were evaluated (after the configurations).</summary>
    public const string PkgsForSystemCallsInInternals = "pkgsForSystem.sys";

    public static string PkgsForSystemCallsIn(Scope phase) => phase switch
    {
        Scope.Configuration => PkgsForSystemCallsInConfigurations,
        Scope.Internals => PkgsForSystemCallsInInternals,
        _ => throw new ArgumentOutOfRangeException(nameof(phase), "pkgsForSystem calls are counted per configuration or internals phase"),
    };

    public static Scope? PhaseOf(string field) => field switch
    {
        PkgsForSystemCallsInConfigurations => Scope.Configuration,
        PkgsForSystemCallsInInternals => Scope.Internals,
        _ => null,
    };

    /// <summary>Evaluation warnings attributed to the case that start with <see cref="ServiceWarningPrefix"/> (e.g. a role tag with no machines).</summary>
    public const string Warnings = "warnings";

    /// <summary>How clan-core's service warnings begin (lib/inventory resolveTags); the warnings field holds their first lines.</summary>
    public const string ServiceWarningPrefix = "Service instance '";

    /// <summary>Distinct deprecation warnings of the service evaluation (the role-level finalSettings one), as <see cref="RoleSettingsWarning"/>.</summary>
    public const string ServiceWarnings = "service-warnings";

    /// <summary>
    /// The line identifying the warning reading role-level settings prints (service-module.nix,
    /// <c>roles.&lt;r&gt;.finalSettings</c>'s <c>apply = lib.warn …</c>; its first line is only "=== WARNING ===").
    /// </summary>
    public const string RoleSettingsWarning = "'roles.<roleName>.settings' do not contain machine specific settings.";

    /// <summary>The attributes of clan-core that a deprecation warning named (<see cref="CoreWarningPrefix"/>), sorted and distinct.</summary>
    public const string CoreWarnings = "core-warnings";

    /// <summary>How clan-core's warning for reading a non-public attribute of the <c>clan-core</c> argument begins (modules/clan/default.nix, since #6503); the attribute name follows, quoted.</summary>
    public const string CoreWarningPrefix = "Using deprecated clan-core attribute: '";

    /// <summary>clan-core's deprecation warnings about <c>clan.meta</c>, as <see cref="TldWarning"/>, sorted and distinct.</summary>
    public const string MetaWarnings = "meta-warnings";

    /// <summary>
    /// How the warning reading <c>meta.domain</c>'s default prints when <c>meta.tld</c> is set begins
    /// (modules/inventoryClass/meta.nix, <c>lib.warn</c>); the field holds this text when it is printed.
    /// </summary>
    public const string TldWarning = "`clan.meta.tld` has been deprecated in favor of `clan.meta.domain`.";

    /// <summary>The attribute a core warning names, or null when <paramref name="text"/> is no core warning.</summary>
    public static string? CoreWarningAttribute(string text)
    {
        if (!text.StartsWith(CoreWarningPrefix, StringComparison.Ordinal)) return null;
        var end = text.IndexOf('\'', CoreWarningPrefix.Length);
        return end < 0 ? null : text[CoreWarningPrefix.Length..end];
    }
}

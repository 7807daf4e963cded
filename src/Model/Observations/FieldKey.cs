namespace Conformance.Model.Observations;

/// <summary>
/// Names one observed value of one case. Its <see cref="Text"/> form is the key in the JSON
/// that Nix returns and in saved failures:
/// <c>clan/Inventory</c>, <c>cfg/&lt;machine&gt;/Trail</c>, <c>sys/&lt;system&gt;/&lt;machine&gt;/Trail</c>,
/// <c>stderr/pkgsForSystem/&lt;system&gt;</c>, <c>stderr/warnings</c>.
/// </summary>
public sealed record FieldKey(Scope Scope, string Field, string? Machine = null, string? System = null) : IComparable<FieldKey>
{
    public static FieldKey Clan(ClanField field) => new(Scope.Clan, field.ToString());

    public static FieldKey Configuration(string machine, MachineField field) => new(Scope.Configuration, field.ToString(), machine);

    public static FieldKey Internals(string system, string machine, MachineField field) => new(Scope.Internals, field.ToString(), machine, system);

    /// <summary>
    /// How often the traced pkgsForSystem ran for <paramref name="system"/> while the fields of one
    /// <paramref name="phase"/> were evaluated: <see cref="Scope.Configuration"/> (the deployable
    /// configurations, evaluated first) or <see cref="Scope.Internals"/> (the clanInternals copies, after).
    /// pkgsFor is bound once, so a call made in the first phase is not repeated in the second.
    /// </summary>
    public static FieldKey PkgsForSystemCalls(Scope phase, string system) => new(Scope.Stderr, StderrFields.PkgsForSystemCallsIn(phase), System: system);

    public static FieldKey Warnings() => new(Scope.Stderr, StderrFields.Warnings);

    public MachineField? MachineField => Enum.TryParse<MachineField>(Field, out var f) && Scope is Scope.Configuration or Scope.Internals ? f : null;

    public ClanField? ClanField => Scope == Scope.Clan && Enum.TryParse<ClanField>(Field, out var f) ? f : null;

    /// <summary>For a pkgsForSystem count: the phase it was counted in (<see cref="Scope.Configuration"/> or <see cref="Scope.Internals"/>); null otherwise.</summary>
    public Scope? Phase => Scope == Scope.Stderr ? StderrFields.PhaseOf(Field) : null;

    /// <summary>Whether this is a pkgsForSystem call count (of either phase).</summary>
    public bool IsPkgsForSystemCalls => Phase is not null;

    public string Text => Scope switch
    {
        Scope.Clan => $"clan/{Field}",
        Scope.Configuration => $"cfg/{Machine}/{Field}",
        Scope.Internals => $"sys/{System}/{Machine}/{Field}",
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
            ["stderr", var f, var s] => new FieldKey(Scope.Stderr, f, System: s),
            _ => throw new FormatException($"'{text}' is not a field key"),
        };
    }

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
}

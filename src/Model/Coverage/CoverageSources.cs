namespace Conformance.Model.Coverage;

/// <summary>
/// A generator (what draws part of a case) and the options its draws can set, as patterns
/// (<see cref="OptionPath"/>). An option counts as generated when a generator sets it, or sets
/// what clan-core derives it from (then the entry says so in <see cref="Via"/>).
/// </summary>
public interface IOptionSetter
{
    string Name { get; }

    IReadOnlyCollection<OptionPath> Sets { get; }

    /// <summary>How the options are set when not directly (e.g. "clan.meta.name"); null when written as the option itself.</summary>
    string? Via => null;
}

/// <summary>An observed field and the options whose values (or effects) it reads from Nix.</summary>
public interface IOptionObserver
{
    string Name { get; }

    IReadOnlyCollection<OptionPath> Observes { get; }
}

/// <summary>A part of the model and the options whose outcome it predicts (a pure function of the case).</summary>
public interface IOptionPredictor
{
    string Name { get; }

    IReadOnlyCollection<OptionPath> Predicts { get; }
}

using Conformance.Model.Outcomes;

namespace Conformance.Model.Vars;

/// <summary>
/// What the model predicts for a machine's vars: per generator its attributes, per file and per
/// prompt theirs (each a value or an expected error, as Nix would give it when the attribute is
/// read), the warnings clan-core's vars module adds, and the clan's vars settings. A store path is
/// written <c>&lt;store&gt;/&lt;name&gt;</c> (<see cref="VarsModel.StorePath"/>): the model computes no hashes.
/// </summary>
internal sealed record VarsPrediction(
    IReadOnlyDictionary<string, GeneratorPrediction> Generators,
    Outcome Warnings,
    IReadOnlyDictionary<string, Outcome> Settings)
{
    /// <summary>The sops-nix secrets the machine gets (<c>config.sops.secrets</c>, <see cref="SopsSecrets"/>); null unless the secret store is sops.</summary>
    public Outcome? SopsSecrets { get; init; }

    public Outcome File(string generator, string file, string attribute) => Generators[generator].Files[file][attribute];
}

/// <summary>One generator's predicted attributes (<c>name</c>, <c>share</c>, <c>dependencies</c>, <c>validation</c>, <c>validationHash</c>, <c>script</c>), files and prompts.</summary>
internal sealed record GeneratorPrediction(
    IReadOnlyDictionary<string, Outcome> Attributes,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, Outcome>> Files,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, Outcome>> Prompts);

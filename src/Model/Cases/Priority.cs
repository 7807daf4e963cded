using System.Text.Json.Serialization;

namespace Conformance.Model.Cases;

/// <summary>How a definition states its priority (<c>lib.mkOverride</c> and its aliases).</summary>
public enum PriorityForm
{
    /// <summary>No wrapper: <c>lib.modules.defaultOverridePriority</c> = 100.</summary>
    Plain,

    /// <summary><c>lib.mkForce</c> = <c>mkOverride 50</c>.</summary>
    Force,

    /// <summary><c>lib.mkDefault</c> = <c>mkOverride 1000</c>.</summary>
    Default,

    /// <summary><c>lib.mkOptionDefault</c> = <c>mkOverride 1500</c> (what an option's <c>default</c> is).</summary>
    OptionDefault,

    /// <summary><c>lib.mkOverride N</c>.</summary>
    Override,
}

/// <summary>A definition's priority; lower numbers win (nixpkgs lib/modules.nix <c>filterOverrides</c>).</summary>
public sealed record Priority(PriorityForm Form, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] int Custom = 0)
{
    public static readonly Priority Plain = new(PriorityForm.Plain);
    public static readonly Priority Force = new(PriorityForm.Force);
    public static readonly Priority Default = new(PriorityForm.Default);
    public static readonly Priority OptionDefault = new(PriorityForm.OptionDefault);

    public static Priority Override(int value) => new(PriorityForm.Override, value);

    [JsonIgnore]
    public int Value => Form switch
    {
        PriorityForm.Plain => 100,
        PriorityForm.Force => 50,
        PriorityForm.Default => 1000,
        PriorityForm.OptionDefault => 1500,
        _ => Custom,
    };

    public override string ToString() => Form == PriorityForm.Override ? $"mkOverride {Custom}" : Form.ToString();
}

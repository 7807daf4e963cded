using System.Text.Json.Serialization;

namespace Conformance.Model.Cases;

/// <summary>
/// A value of a settings option: what Nix writes as a literal (and JSON reads back). Each is of
/// one <see cref="OptionType"/>'s kind, so a value of another kind is a type error by construction.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(StrValue), "str")]
[JsonDerivedType(typeof(IntValue), "int")]
[JsonDerivedType(typeof(BoolValue), "bool")]
[JsonDerivedType(typeof(NullValue), "null")]
[JsonDerivedType(typeof(ListValue), "list")]
[JsonDerivedType(typeof(AttrsValue), "attrs")]
public abstract record SettingValue
{
    /// <summary>Whether <c>types.check</c> of <paramref name="type"/> accepts this value.</summary>
    public abstract bool Fits(OptionType type);
}

public sealed record StrValue(string Value) : SettingValue
{
    public override bool Fits(OptionType type) => type is OptionType.Str or OptionType.NullOrStr;
}

public sealed record IntValue(int Value) : SettingValue
{
    public override bool Fits(OptionType type) => type == OptionType.Int;
}

public sealed record BoolValue(bool Value) : SettingValue
{
    public override bool Fits(OptionType type) => type == OptionType.Bool;
}

public sealed record NullValue : SettingValue
{
    public override bool Fits(OptionType type) => type == OptionType.NullOrStr;
}

/// <summary>A list of strings.</summary>
public sealed record ListValue(IReadOnlyList<string> Items) : SettingValue
{
    public override bool Fits(OptionType type) => type == OptionType.ListOfStr;
}

/// <summary>An attribute set of strings (entries in written order; keys distinct).</summary>
public sealed record AttrsValue(IReadOnlyList<AttrEntry> Entries) : SettingValue
{
    public override bool Fits(OptionType type) => type == OptionType.AttrsOfStr;
}

public sealed record AttrEntry(string Key, string Value);

/// <summary>
/// <c>&lt;Option&gt; = &lt;value&gt;;</c> inside a settings module, wrapped in <c>lib.mkOrder</c>
/// (innermost) and <c>lib.mkOverride</c> when they are not plain.
/// </summary>
public sealed record SettingDef(string Option, SettingValue Value)
{
    public Priority Priority { get; init; } = Priority.Plain;

    public Order Order { get; init; } = Order.Plain;
}

/// <summary>What makes a settings definition invalid for <c>uniqueDeferredSerializableModule</c>.</summary>
public enum SettingsFault
{
    None,

    /// <summary>A function inside (<c>conformanceFunction = _: null;</c>): <c>builtins.toJSON</c> fails (a type error tryEval cannot catch).</summary>
    Function,

    /// <summary>A top-level <c>imports = [ ];</c>: "uniqueDeferredSerializableModule doesn't allow nested imports".</summary>
    Imports,
}

/// <summary>One definition of a settings option: an attribute set of settings, optionally wrapped in <c>lib.mkOverride</c> as a whole.</summary>
public sealed record SettingsDefinition
{
    public IReadOnlyList<SettingDef> Values { get; init; } = [];

    /// <summary>Priority of the whole definition (<c>settings = lib.mkDefault { … }</c>): decides which definitions of the option survive.</summary>
    public Priority Priority { get; init; } = Priority.Plain;

    public SettingsFault Fault { get; init; } = SettingsFault.None;
}

/// <summary>
/// A settings option of the inventory (<c>roles.&lt;r&gt;.settings</c>, <c>machines.&lt;m&gt;.settings</c>,
/// <c>tags.&lt;t&gt;.settings</c>; type <c>uniqueDeferredSerializableModule</c>). One definition is the
/// ordinary case; more are rendered as <c>lib.mkMerge [ … ]</c>, which the type rejects unless
/// priorities leave one.
/// </summary>
public sealed record SettingsSpec
{
    public IReadOnlyList<SettingsDefinition> Definitions { get; init; } = [new SettingsDefinition()];

    public static SettingsSpec Of(params SettingDef[] values) => new() { Definitions = [new SettingsDefinition { Values = values }] };
}

/// <summary>Settings of one target of a role: a machine (<c>machines.&lt;Target&gt;.settings</c>) or a tag (<c>tags.&lt;Target&gt;.settings</c>).</summary>
public sealed record TargetSettings(string Target, SettingsSpec Settings);

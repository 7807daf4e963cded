using System.Text.Json.Serialization;

namespace Conformance.Model.Cases;

/// <summary>How a list definition states its order (<c>lib.mkOrder</c> and its aliases).</summary>
public enum OrderForm
{
    /// <summary>No wrapper: <c>defaultOrderPriority</c> = 1000.</summary>
    Plain,

    /// <summary><c>lib.mkBefore</c> = <c>mkOrder 500</c>.</summary>
    Before,

    /// <summary><c>lib.mkAfter</c> = <c>mkOrder 1500</c>.</summary>
    After,

    /// <summary><c>lib.mkOrder N</c>.</summary>
    Custom,
}

/// <summary>A list definition's order; lower numbers come first, ties keep definition order (stable sort).</summary>
public sealed record Order(OrderForm Form, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] int Custom = 0)
{
    public static readonly Order Plain = new(OrderForm.Plain);
    public static readonly Order Before = new(OrderForm.Before);
    public static readonly Order After = new(OrderForm.After);

    public static Order Of(int value) => new(OrderForm.Custom, value);

    [JsonIgnore]
    public int Value => Form switch
    {
        OrderForm.Plain => 1000,
        OrderForm.Before => 500,
        OrderForm.After => 1500,
        _ => Custom,
    };

    public override string ToString() => Form == OrderForm.Custom ? $"mkOrder {Custom}" : Form.ToString();
}

using FsCheck;
using FsCheck.Fluent;

namespace Conformance.Generators;

/// <summary><c>Gen.Frequency</c> that skips zero weights (rates can be 0 for a profile without some mistake).</summary>
public static class Weighted
{
    public static Gen<T> Frequency<T>(params (int Weight, Gen<T> Gen)[] choices) =>
        Gen.Frequency(choices.Where(c => c.Weight > 0).ToArray());

    public static Gen<T> Frequency<T>(IEnumerable<(int Weight, Gen<T> Gen)> choices) => Frequency(choices.ToArray());
}

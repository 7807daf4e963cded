namespace Conformance.Tests.Infrastructure;

/// <summary>Knobs a developer or the nightly turns through the environment (campaign sizes, seeds).</summary>
internal static class TestEnvironment
{
    /// <summary>An integer from <paramref name="variable"/> (positive unless <paramref name="positive"/> is false), or <paramref name="fallback"/>.</summary>
    public static int Int(string variable, int fallback, bool positive = true) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), out var n) && (!positive || n > 0) ? n : fallback;
}

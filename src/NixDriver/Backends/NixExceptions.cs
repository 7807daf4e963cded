namespace Conformance.NixDriver.Backends;

/// <summary>
/// The backend could not run Nix at all: engine gone, image missing, nix missing or too old,
/// process killed by the kernel. Never a conformance result. <see cref="IsTransient"/> tells the
/// resilience pipeline whether a retry can help (a Docker API hiccup) or not (no image).
/// </summary>
public sealed class NixInfrastructureException(string message, bool isTransient = false, Exception? inner = null)
    : Exception(message, inner)
{
    public bool IsTransient { get; } = isTransient;
}

/// <summary>A command exceeded its timeout and was killed; the backend remains usable.</summary>
public sealed class NixTimeoutException(NixCommand command, TimeSpan timeout)
    : Exception($"{Describe(timeout)}: {command.ToShellString()}")
{
    public NixCommand Command { get; } = command;
    public TimeSpan Timeout { get; } = timeout;

    /// <summary>The fault an observer records for a field that timed out on its own.</summary>
    public string FaultReason => "timeout: " + Describe(Timeout);

    private static string Describe(TimeSpan timeout) =>
        $"nix did not finish within {timeout.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)}s and was killed";
}

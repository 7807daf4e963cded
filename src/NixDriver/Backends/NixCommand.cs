namespace Conformance.NixDriver.Backends;

/// <summary>
/// One invocation of the <c>nix</c> CLI as an immutable value (in the style of CliWrap's
/// <c>Command</c>): every <c>WithX</c> returns a modified copy, so commands can be built in pure
/// code, inspected by tests, logged, and replayed by a person.
/// </summary>
public sealed record NixCommand
{
    /// <summary>Arguments after <c>nix</c>, unquoted.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>Wall-clock limit for the process (<see cref="NixDefaults.ProcessTimeout"/>).</summary>
    public TimeSpan Timeout { get; init; } = NixDefaults.ProcessTimeout;

    /// <summary>A file whose contents become the process's standard input (for <c>nix repl</c>); null for none.</summary>
    public string? StandardInputFile { get; init; }

    /// <summary>Extra environment variables for the process.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    public static NixCommand Create(params string[] arguments) => new() { Arguments = arguments };

    public NixCommand WithArguments(IEnumerable<string> arguments) => this with { Arguments = [.. arguments] };

    public NixCommand WithTimeout(TimeSpan timeout) =>
        timeout > TimeSpan.Zero ? this with { Timeout = timeout } : throw new ArgumentOutOfRangeException(nameof(timeout), "timeout must be positive");

    public NixCommand WithStandardInputFile(string path) => this with { StandardInputFile = path };

    /// <summary>Run under GNU time and report the process's peak resident memory (<see cref="NixProcessResult.PeakRssKilobytes"/>).</summary>
    public bool MeasurePeakMemory { get; init; }

    public NixCommand WithPeakMemoryMeasurement() => this with { MeasurePeakMemory = true };

    /// <summary>The line GNU time prints (and the backends strip from stderr).</summary>
    internal const string PeakRssMarker = "clan-conformance:maxrss-kb=";

    internal static (string Stderr, long? PeakRssKilobytes) ExtractPeakRss(string stderr)
    {
        var index = stderr.LastIndexOf(PeakRssMarker, StringComparison.Ordinal);
        if (index < 0) return (stderr, null);
        var end = stderr.IndexOf('\n', index);
        var value = stderr[(index + PeakRssMarker.Length)..(end < 0 ? stderr.Length : end)].Trim();
        return (stderr.Remove(index, (end < 0 ? stderr.Length : end + 1) - index), long.TryParse(value, out var kb) ? kb : null);
    }

    public NixCommand WithEnvironment(string name, string value) =>
        this with { Environment = new Dictionary<string, string>(Environment) { [name] = value } };

    /// <summary>The command as a person would type it in a POSIX shell.</summary>
    public string ToShellString() =>
        "nix " + string.Join(' ', Arguments.Select(ShellQuote)) + (StandardInputFile is null ? "" : " < " + ShellQuote(StandardInputFile));

    public override string ToString() => ToShellString();

    internal static string ShellQuote(string argument) =>
        argument.Length > 0 && argument.All(c => char.IsAsciiLetterOrDigit(c) || "-_./:=@+,%#".Contains(c))
            ? argument
            : "'" + argument.Replace("'", "'\\''") + "'";
}

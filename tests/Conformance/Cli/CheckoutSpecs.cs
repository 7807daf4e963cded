using CliWrap;
using CliWrap.Buffered;

namespace Conformance.Tests.Cli;

/// <summary>
/// The runner reads known-deviations.json and the pinned lock from its checkout. Run from a
/// directory outside one, with the dll outside one too, it must stop with the fix instead of
/// checking without them (every known deviation would come out as an unlisted failure).
/// </summary>
public sealed class CheckoutSpecs : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("clan-conformance-outside-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Outside_a_checkout_an_evaluating_verb_stops_and_names_the_fix()
    {
        // The built runner, copied (hard links where the file system allows: the .NET host resolves
        // symbolic links back into the checkout) into a directory with no Conformance.sln above it.
        var bin = Path.Combine(_dir, "bin");
        var copy = await CliWrap.Cli.Wrap("cp").WithArguments(["-al", AppContext.BaseDirectory, bin]).WithValidation(CommandResultValidation.None).ExecuteAsync();
        if (copy.ExitCode != 0) await CliWrap.Cli.Wrap("cp").WithArguments(["-a", AppContext.BaseDirectory, bin]).ExecuteAsync();
        // A missing inputs map is the next check: were the checkout found, this stops too, without Nix.
        var result = await CliWrap.Cli.Wrap("dotnet").WithArguments([Path.Combine(bin, "clan-conformance.dll"), "run", "--cases", "1", "--inputs", Path.Combine(_dir, "missing.json")])
            .WithWorkingDirectory(_dir).WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("neither", result.StandardError);
        Assert.Contains("is inside a checkout", result.StandardError);
        Assert.Contains("dotnet run --project src/Runner", result.StandardError);
    }
}

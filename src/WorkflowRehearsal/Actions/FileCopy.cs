using CliWrap;
using CliWrap.Buffered;

namespace Conformance.WorkflowRehearsal.Actions;

/// <summary>Copies on this host with <c>cp -a</c> (metadata and symbolic links kept; a directory's contents merged into an existing one, as tar extracts).</summary>
internal static class FileCopy
{
    public static async Task CopyAsync(string source, string destination, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        var args = Directory.Exists(source) ? new[] { "-a", "--", source + "/.", destination } : ["-a", "--", source, destination];
        if (Directory.Exists(source)) Directory.CreateDirectory(destination);
        var result = await Cli.Wrap("cp").WithArguments(args).WithValidation(CommandResultValidation.None).ExecuteBufferedAsync(cancellationToken);
        if (result.ExitCode != 0) throw new RehearsalException($"cp {source} {destination}: {result.StandardError.Trim()}");
    }
}

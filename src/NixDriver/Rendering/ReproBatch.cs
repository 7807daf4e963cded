namespace Conformance.NixDriver.Rendering;

/// <summary>
/// Many report commands of one repro flake as one <c>nix repl path:REPRO</c> process: each
/// command is the same function on the same attribute, so it prints what <c>nix eval</c> would,
/// but the process keeps going after an error (see <c>NixReplTranscript</c>).
/// <para>
/// The repl puts the flake's outputs in scope as variables, not as one set, so a command on the
/// whole flake (<c>.#.</c>) gets the outputs the harness's expressions read, rebuilt from those
/// variables; <c>with</c> supplies <c>{ }</c> for the optional ones (a variable in scope shadows
/// <c>with</c>), as <c>f.darwinConfigurations or { }</c> would. The commands live in a file, as
/// functions of that set, and the repl reads them by index: repl input passes through a line
/// editor that interprets backslashes and control characters, which hostile machine names hold.
/// </para>
/// </summary>
public static class ReproBatch
{
    /// <summary>Outputs every whole-flake expression reads (<see cref="ObservationExpressions"/>); the optional ones default to <c>{ }</c>.</summary>
    private const string Scope =
        "(with { nixosConfigurations = { }; darwinConfigurations = { }; nixosModules = { }; }; " +
        "{ inherit clan clanInternals nixosConfigurations darwinConfigurations nixosModules; })";

    /// <summary>The file the repl imports: a list of functions from the outputs to each command's value.</summary>
    public static string File(IReadOnlyList<ReproCommand> commands)
    {
        var w = new NixWriter().Line("# clan-conformance: report commands, read by index from nix repl (see ReproBatch).").Open("[");
        foreach (var command in commands)
        {
            var target = command.AttributePath.Count == 0 ? "outputs" : "outputs." + NixSyntax.AttrPath([.. command.AttributePath]);
            w.Line($"(outputs: ({command.Apply}) {target})");
        }
        return w.Close("]").ToString();
    }

    /// <summary>The repl line for command <paramref name="index"/> of the file at <paramref name="filePath"/> (an absolute path, as the repl sees it).</summary>
    public static string Expression(string filePath, int index) => $"builtins.elemAt (import {filePath}) {index} {Scope}";
}

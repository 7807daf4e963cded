namespace Conformance.NixDriver.Rendering.Reduction;

/// <summary>
/// Many candidate repros in one flake, so one <c>nix repl</c> process tests them all: each under
/// <c>c/&lt;i&gt;/</c>, its <c>flake.nix</c>'s outputs called the way Nix's call-flake.nix calls them
/// (as <see cref="BatchRenderer"/> does for cases: the inputs, and a <c>self</c> whose outPath is the
/// candidate's directory), and the repro's command applied to each (its own function where the
/// program holds one, <see cref="ReportProfile.CommandFile"/>): <c>results</c> is the list of
/// what each candidate's command evaluates to, read by index. The inputs are the rendered clans'
/// (<see cref="ClanRenderer.FlakeInputs"/>); a candidate's own <c>inputs</c> block is not read, which
/// is why the reducer never edits it.
/// </summary>
public static partial class ReductionBatch
{
    /// <summary>The output holding the list of results.</summary>
    public const string Results = "results";

    public static RenderedTree Render(IReadOnlyList<ReproProgram> candidates, ReproCommand command)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < candidates.Count; i++)
            foreach (var (path, content) in ReportProfile.FilesOf(candidates[i]).Under(CandidateDirectory(i)))
                files[path] = content;
        var target = command.AttributePath.Count == 0 ? "" : "." + NixSyntax.AttrPath([.. command.AttributePath]);
        var w = BatchRenderer.FlakeOfFlakes("# clan-conformance reducer: candidate repros, each evaluated with the repro's command.", "call")
            .Open($"{Results} = [");
        for (var i = 0; i < candidates.Count; i++)
        {
            // In a file of its own, imported when the candidate is evaluated: a command with an unbound
            // variable fails that candidate only (in the batch's own file it would fail the whole file).
            files[$"{CandidateDirectory(i)}.command.nix"] = candidates[i].Nix.TryGetValue(ReportProfile.CommandFile, out var own) ? Syntax.NixPrinter.Print(own) : command.Apply + "\n";
            w.Line($"(import ./{CandidateDirectory(i)}.command.nix (call ./{CandidateDirectory(i)}){target})");
        }
        files["flake.nix"] = w.Close("];").Close("};").Close("").Close("}").ToString();
        return new RenderedTree(files);
    }

    private static string CandidateDirectory(int index) => $"c/{index}";

    /// <summary>
    /// A message as the candidate's own flake would print it: paths into the batch's source
    /// (<c>/nix/store/…-source/c/3/inventory.json</c>) lose the candidate's directory. A definition's
    /// file is part of what the reducer compares, and the reference and each candidate sit in
    /// different directories of a batch, and in none when the repro is checked on its own.
    /// </summary>
    public static string AsOwnFlake(string message) => CandidatePath().Replace(message, "$1");

    [System.Text.RegularExpressions.GeneratedRegex(@"(/nix/store/[0-9a-z]{32}-source/)c/\d+/")]
    private static partial System.Text.RegularExpressions.Regex CandidatePath();

    /// <summary>The repl expression for candidate <paramref name="index"/>.</summary>
    public static string Expression(int index) => $"builtins.elemAt {Results} {index}";
}

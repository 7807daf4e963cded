using Conformance.WorkflowRehearsal.Services;

namespace Conformance.WorkflowRehearsal;

/// <summary>
/// <c>workflow-rehearsal</c>: <c>nights [WORKFLOW_FILE] [--keep DIR]</c> rehearses the nightly's nights
/// (<see cref="Nights.NightlyRehearsal"/>; exit 0 when they behave, 1 naming the job and step that
/// broke, 2 when the rehearsal itself could not run); <c>gh …</c> is the runner's stand-in gh;
/// <c>run-blocks WORKFLOW_FILE DIR</c> writes every <c>run:</c> block as a script for shellcheck (scripts/lint-workflows).
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "gh")
        {
            try { return GhStandIn.Run(args[1..], Console.Out, Console.Error); }
            catch (InvalidOperationException e) { Console.Error.WriteLine(e.Message); return 2; }
        }
        if (args.Length == 3 && args[0] == "run-blocks")
        {
            try { return Workflow.RunBlocks.Write(args[1], args[2]); }
            catch (Workflow.WorkflowException e) { Console.Error.WriteLine(e.Message); return 2; }
        }
        return await Nights.NightlyRehearsal.MainAsync(args);
    }
}

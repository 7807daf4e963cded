using Conformance.Model.Cases;
using Conformance.Model.Comparison;
using Conformance.Model.Outcomes;
using Conformance.NixDriver.Observing;
using Conformance.NixDriver.Sessions;
using Conformance.Runner.Checking;
using Conformance.Runner.Hosting;

namespace Conformance.Tests.Infrastructure;

/// <summary>The checks live tests compose: the batch observer on the shared session, the model, the repository's known deviations.</summary>
internal static class Checks
{
    public static ObserverOptions Options => new() { LockFile = new RepositoryFiles(RepoPaths.Root).LockFile };

    public static IReadOnlySet<string> KnownDeviations =>
        KnownDeviation.ParseList(File.ReadAllText(Path.Combine(RepoPaths.Root, "known-deviations.json"))).Select(d => d.Id).ToHashSet();

    public static ModelCheck Model(NixSession session, ObserverOptions? options = null, Func<ClanCase, Prediction>? predictor = null) =>
        new(new BatchObserver(session, options ?? Options), KnownDeviations, predictor);
}

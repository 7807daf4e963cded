using Conformance.Model.Errors;
using Conformance.NixDriver.Evaluation;

namespace Conformance.Tests.Driver;

/// <summary>
/// Nix's messages for the errors clan services raise (copied from real runs at the pinned
/// revision, trace frames trimmed) sort into the kinds the model predicts.
/// </summary>
public sealed class ErrorClassifierSpecs
{
    [Theory]
    [InlineData("error: The option `self-net.instances.i2.roles.peer.machines.it's.settings.undeclared' does not exist. Definition values:\n- In `x': 1", ErrorKind.OptionDoesNotExist)]
    [InlineData("error: cannot convert a function to JSON\nat /nix/store/x-source/modules/clan/services.nix:23:134:\n    22| a = 'b';\n", ErrorKind.NotJson)]
    [InlineData("error: Instance: 'instances.i1' uses the following roles:\n[\"nope\"]\n\nBut the clan-service module 'net' only defines roles:\n[\"peer\"]\n\nError context: self-net", ErrorKind.Throw)]
    [InlineData("error: uniqueDeferredSerializableModule doesn't allow nested imports", ErrorKind.Throw)]
    [InlineData("error: Role behavior of service 'network' must be defined.\nA 'clan.service' module should always define its behavior via 'roles'", ErrorKind.Throw)]
    [InlineData("error: clan-core doesn't provide clan-module with name 'simple-module'.\n\nRemove `module.input` (or set module.input = null) - to use a <clan-core> module'", ErrorKind.Throw)]
    [InlineData("error: The option `flake.clan.inventory.instances.i1.roles.peer.machines.jon.settings' is defined multiple times while it's expected to be unique.\n------", ErrorKind.NotUnique)]
    [InlineData("error: The option `self-net.instances.i6.roles.peer.machines.jon.settings.maybe` is defined both null and not null, in `a' and `b'.", ErrorKind.ConflictingDefinitions)]
    [InlineData("error: A definition for option `self-net.instances.i1.roles.peer.machines.jon.settings.timeout' is not of type `signed integer'. Definition values:", ErrorKind.TypeMismatch)]
    [InlineData("error: The option `self-net.instances.i2.roles.peer.settings.port' was accessed but has no value defined. Try setting the option.", ErrorKind.NoValueDefined)]
    public void Service_errors_sort_into_the_kinds_the_model_predicts(string stderr, ErrorKind kind) =>
        Assert.Equal(kind, NixErrorClassifier.Classify(stderr)!.Kind);
}

/// <summary>A source Nix cannot fetch is the environment's fault: classified as such and kept out of the results.</summary>
public sealed class FetchFailureSpecs
{
    [Theory]
    [InlineData("error: unable to download 'https://github.com/x/y/archive/abc.tar.gz': Couldn't resolve host name (6)")]
    [InlineData("error:\n       … while fetching the input 'github:x/y'\n\n       error: Could not resolve host: github.com")]
    public void A_failed_fetch_is_its_own_kind(string stderr) =>
        Assert.Equal(ErrorKind.FetchFailed, NixErrorClassifier.Classify(stderr)!.Kind);

    [Fact]
    public void A_field_that_failed_to_fetch_is_a_harness_fault_not_an_observation()
    {
        var c = new Conformance.Model.Cases.ClanCase("t1");
        var key = Conformance.Model.Observations.FieldKey.Clan(Conformance.Model.Observations.ClanField.Inventory);
        var other = Conformance.Model.Observations.FieldKey.Clan(Conformance.Model.Observations.ClanField.NixosModules);
        var fields = new Dictionary<Conformance.Model.Observations.FieldKey, Conformance.Model.Observations.Observed>
        {
            [key] = new Conformance.Model.Observations.ObservedError(ErrorKind.FetchFailed, "unable to download 'https://x'"),
            [other] = new Conformance.Model.Observations.ObservedError(ErrorKind.Throw, "boom"),
        };
        var observation = Conformance.NixDriver.Observing.CaseObservations.Assemble(
            new Conformance.NixDriver.Observing.ObservationRequest(c) { Fields = [key, other] }, fields, new Dictionary<Conformance.Model.Observations.FieldKey, string>(), []);
        Assert.False(observation.Fields.ContainsKey(key));
        Assert.Contains("could not be fetched", observation.Faults[key]);
        Assert.True(observation.Fields.ContainsKey(other));
    }
}

using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace Conformance.Model.Observations;

/// <summary>
/// How a field is read from Nix, as data: a small vocabulary of attribute selections and the few
/// transformations the fields need. The model says <em>what</em> is read; NixDriver's
/// <c>ObservationExpressions</c> turns a read into Nix text, the only place that writes it. So a
/// field descriptor (<see cref="MachineField"/>, <see cref="ClanField"/>, <see cref="ServiceField"/>)
/// is one file with no Nix in it, and a read is checked by the renderer's round-trip specs.
/// </summary>
public abstract record Read
{
    /// <summary><c>m.config.PATH</c> of a machine evaluation.</summary>
    public static Read Config(string path) => new Select(new Root(ReadRoot.Config), Path(path));

    /// <summary>
    /// <c>PATH</c> of the machine's <c>pkgs</c> module argument (<c>m._module.args.pkgs</c>: it exists
    /// on nixosSystem, darwinSystem and extendModules results alike; <c>m.pkgs</c> does not).
    /// </summary>
    public static Read Pkgs(string path) => new Select(new Root(ReadRoot.Pkgs), Path(path));

    /// <summary><c>m.PATH</c>: the evaluation itself (<c>_module</c>, <c>options</c>).</summary>
    public static Read Evaluation(string path) => new Select(new Root(ReadRoot.Evaluation), Path(path));

    /// <summary><c>f.PATH</c>: the clan flake's outputs.</summary>
    public static Read Flake(string path) => new Select(new Root(ReadRoot.Flake), Path(path));

    /// <summary>A record of reads: <c>{ name = read; … }</c>.</summary>
    public static Read Record(params (string Name, Read Value)[] fields) => new RecordOf([.. fields]);

    /// <summary>A special read (one whose Nix is not an attribute selection), rendered by name.</summary>
    public static Read Special(SpecialRead kind, params Segment[] arguments) => new SpecialOf(kind, [.. arguments]);

    /// <summary><c>this.PATH</c>.</summary>
    public Read At(string path) => this is Select s ? s with { Path = s.Path.AddRange(Path(path)) } : new Select(this, Path(path));

    /// <summary>
    /// <c>this.NAME or (throw "…: <paramref name="missing"/>")</c>: a lookup that could miss fails
    /// catchably (a missing attribute is not catchable by <c>tryEval</c> and would take a batch down).
    /// </summary>
    public Read Lookup(Segment name, string missing) => new CheckedLookup(this, name, missing);

    /// <summary><c>this or FALLBACK</c>: Nix's <c>or</c>, which covers any missing attribute along the selection.</summary>
    public Read Or(JsonNode? fallback) => this is Select s ? new Fallback(s, fallback) : throw new InvalidOperationException("`or` applies to an attribute selection");

    /// <summary><c>builtins.attrNames this</c>.</summary>
    public Read Names() => new AttrNames(this);

    /// <summary>Functions replaced by <c>"&lt;function&gt;"</c> (recursively), so a value with functions serialises and their presence stays visible.</summary>
    public Read AsData() => new Data(this);

    /// <summary><c>this ? NAME</c>.</summary>
    public Read Has(string name) => new HasAttr(this, name);

    /// <summary><c>{ inherit (this) a b; }</c>.</summary>
    public Read Pick(params string[] names) => new PickOf(this, [.. names]);

    /// <summary><c>builtins.mapAttrs (_: v: EACH) this</c>: <paramref name="each"/> reads from <see cref="Element"/>.</summary>
    public Read MapValues(Func<Read, Read> each) => new MapAttrs(this, each(new Element()));

    /// <summary>The attributes of this set whose names start with <paramref name="prefix"/>.</summary>
    public Read WithNamePrefix(string prefix) => new NamePrefix(this, prefix);

    /// <summary>The names of this set's attributes whose <c>assertion</c> is false (an attribute set of assertions).</summary>
    public Read FailingNames() => new Failing(this);

    private static ImmutableArray<Segment> Path(string path) => [.. path.Split('.').Select(Segment.Of)];
}

/// <summary>An attribute name in a read's path: literal, or a component of the field's key (filled in per key).</summary>
public sealed record Segment(string? Literal, KeyPart? Part)
{
    public static Segment Of(string literal) => new(literal, null);

    public static Segment From(KeyPart part) => new(null, part);

    public static implicit operator Segment(string literal) => Of(literal);

    /// <summary>The name for <paramref name="key"/>.</summary>
    public string For(FieldKey key) => Literal ?? Part switch
    {
        KeyPart.Service => key.Service,
        KeyPart.Instance => key.Instance,
        KeyPart.Role => key.Role,
        KeyPart.Machine => key.Machine,
        _ => null,
    } ?? throw new ArgumentException($"{key} has no {Part} component");

    public override string ToString() => Literal ?? $"<{Part}>";
}

/// <summary>The components of a field key a read can name.</summary>
public enum KeyPart { Service, Instance, Role, Machine }

/// <summary>Where a selection starts.</summary>
public enum ReadRoot
{
    /// <summary>A machine evaluation's <c>config</c>.</summary>
    Config,

    /// <summary>A machine evaluation's <c>pkgs</c> module argument.</summary>
    Pkgs,

    /// <summary>A machine evaluation itself.</summary>
    Evaluation,

    /// <summary>The clan flake's outputs.</summary>
    Flake,
}

/// <summary>Reads whose Nix is more than a selection; each is written once, in NixDriver's ObservationExpressions.</summary>
public enum SpecialRead
{
    /// <summary>
    /// A machine evaluation's failing assertions declared by nixpkgs' own nixpkgs.nix module (NixOS
    /// misc/nixpkgs.nix, nix-darwin nix/nixpkgs.nix), first message lines: every assertion of a
    /// machine is slow and fails on unrelated ones (no root file system in a test clan).
    /// </summary>
    NixpkgsModuleAssertions,

    /// <summary>
    /// The modules a machine (argument: the machine's name) imports from every service, evaluated
    /// on their own with <c>lib.evalModules</c> (NixOS <c>machineImports</c>, nix-darwin
    /// <c>darwinImports</c>, by the inventory's class): the service order entries and the warnings.
    /// </summary>
    ServiceImports,
}

public sealed record Root(ReadRoot Kind) : Read;

/// <summary>The value a <see cref="Read.MapValues"/> callback reads from.</summary>
public sealed record Element : Read;

public sealed record Select(Read Base, ImmutableArray<Segment> Path) : Read
{
    public bool Equals(Select? other) => other is not null && Base.Equals(other.Base) && Path.SequenceEqual(other.Path);

    public override int GetHashCode() => HashCode.Combine(Base, Path.Length);
}

public sealed record Fallback(Select Inner, JsonNode? Value) : Read;

public sealed record CheckedLookup(Read Base, Segment Name, string Missing) : Read;

public sealed record AttrNames(Read Inner) : Read;

public sealed record Data(Read Inner) : Read;

public sealed record HasAttr(Read Inner, string Name) : Read;

public sealed record PickOf(Read Inner, ImmutableArray<string> Attributes) : Read;

public sealed record MapAttrs(Read Inner, Read Each) : Read;

public sealed record NamePrefix(Read Inner, string Prefix) : Read;

public sealed record Failing(Read Inner) : Read;

public sealed record RecordOf(ImmutableArray<(string Name, Read Value)> Fields) : Read;

public sealed record SpecialOf(SpecialRead Kind, ImmutableArray<Segment> Arguments) : Read;

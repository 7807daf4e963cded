# clan-conformance coverage: clan-core's user-facing option declarations and its eval tests, read
# from Nix (the `coverage` verb). A flake-parts module of a one-machine clan, so the clan module,
# the inventory and the machine's clan.core options are the ones a real clan evaluates.
inputs:
{ options, config, lib, ... }:
let
  # Store paths of declarations relative to their source tree: clan-core's files by their path in it.
  relative = d: let m = builtins.match "/nix/store/[^/]*/(.*)" (toString d); in if m == null then toString d else builtins.head m;
  # What a clan author sees: nixpkgs' own walk of an options tree (placeholders <name>, * for
  # attrsOf/listOf submodules), keeping what is visible and not internal, nor below an internal
  # option (vars.settings.fileModule's sub-options are the file options again, set by stores).
  entries = prefix: opts:
    let
      all = lib.optionAttrSetToDocList opts;
      internal = map (o: o.loc) (builtins.filter (o: o.internal) all);
      belowInternal = o: builtins.any (l: lib.lists.hasPrefix l o.loc) internal;
    in
    map (o: { loc = prefix ++ o.loc; inherit (o) type readOnly; declarations = map relative o.declarations; })
      (builtins.filter (o: o.visible && !o.internal && !belowInternal o && builtins.head o.loc != "_module") all);
  clanLib = inputs.clan-core.clanLib;
  machine = config.flake.nixosConfigurations.coverage-machine;
  # clan-core's eval tests: every attribute whose name starts with `test` in its flake's
  # legacyPackages.<system>.evalTests-* (and eval-tests-*) sets, groups recursed into, as nix-unit does.
  testSets =
    let lp = inputs.clan-core.legacyPackages.x86_64-linux or { }; in
    lib.filterAttrs (n: _: builtins.match "eval[Tt]ests-.*|eval-tests-.*" n != null) lp;
  walk = path: set: builtins.concatMap (n:
    if lib.hasPrefix "test" n then [ (lib.concatStringsSep "." (path ++ [ n ])) ]
    else
      let v = builtins.tryEval (builtins.isAttrs set.${n}); in
      if v.success && v.value then walk (path ++ [ n ]) set.${n} else [ ]
  ) (builtins.attrNames set);
  tests = builtins.tryEval (builtins.deepSeq (builtins.attrNames testSets) (lib.mapAttrsToList (suite: set: map (test: { inherit suite test; }) (walk [ ] set)) testSets));
in
{
  imports = [ inputs.clan-core.flakeModules.default ];
  systems = [ "x86_64-linux" ];
  clan.meta.name = "coverage";
  clan.machines.coverage-machine.nixpkgs.hostPlatform = "x86_64-linux";
  flake.conformanceCoverage = {
    options =
      # The clan module (its inventory included), as flake-parts declares it: options.flake.clan.
      entries [ ] ((options.flake.type.getSubOptions [ ]).clan.type.getSubOptions [ "clan" ])
      # The clan.service class: a service module evaluated with nothing of its own.
      ++ entries [ "clan" "service" ] (clanLib.evalService { modules = [ ]; prefix = [ ]; }).options
      # What clan-core declares in every machine.
      ++ entries [ ] { clan.core = machine.options.clan.core; };
    evalTests = if tests.success then { listed = true; tests = builtins.concatLists tests.value; } else { listed = false; tests = [ ]; };
  };
}

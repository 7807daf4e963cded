# Development environment and app for clan-conformance itself (not for the clans it checks).
#   nix develop            # .NET 10 SDK, Nix, docker client
#   nix run . -- run --cases 50     # the packed tool, from any directory (see apps below)
{
  description = "clan-conformance: property-based conformance harness for clan-core";

  inputs.nixpkgs.url = "https://nixos.org/channels/nixpkgs-unstable/nixexprs.tar.xz";

  outputs =
    { self, nixpkgs }:
    let
      systems = [
        "x86_64-linux"
        "aarch64-linux"
      ];
      forAllSystems = f: nixpkgs.lib.genAttrs systems (system: f nixpkgs.legacyPackages.${system});
    in
    {
      devShells = forAllSystems (pkgs: {
        default = pkgs.mkShell {
          packages = [
            pkgs.dotnetCorePackages.sdk_10_0
            pkgs.nix
            pkgs.docker-client
            pkgs.python3
          ];
          DOTNET_CLI_TELEMETRY_OPTOUT = "1";
        };
      });

      # The harness as the packed .NET tool (dotnet pack src/Runner), built from this flake's source
      # at first use into the user's cache, once per source, and run from wherever the user is —
      # e.g. inside a clan-core checkout, where diff defaults --clan-core-repo to it:
      #   nix run github:OWNER/clan-conformance -- diff --base main --head HEAD
      # The tool carries its data (known deviations, known failures, the fixture's lock, the image
      # recipe), so no checkout of this repository is needed. It is built by the .NET SDK, not by a
      # Nix derivation (that would need a lock of every NuGet dependency); the first run restores
      # NuGet packages, so it needs the network once. Evaluation still needs Docker with the Nix
      # image (the tool's errors name its build script) or nix on PATH.
      apps = forAllSystems (pkgs: {
        default = {
          type = "app";
          program = toString (
            pkgs.writeShellScript "clan-conformance" ''
              set -eu
              export PATH=${
                pkgs.lib.makeBinPath [
                  pkgs.dotnetCorePackages.sdk_10_0
                  pkgs.nix
                  pkgs.git
                ]
              }:$PATH
              export DOTNET_CLI_TELEMETRY_OPTOUT=1
              tool=''${XDG_CACHE_HOME:-$HOME/.cache}/clan-conformance/tool/${builtins.baseNameOf self.outPath}
              if [ ! -x "$tool/bin/clan-conformance" ]; then
                echo "clan-conformance: packing the tool into $tool (once for this source)" >&2
                rm -rf "$tool"
                # The source is read-only in the store: every build output goes to --artifacts-path.
                dotnet pack ${self}/src/Runner -c Release --artifacts-path "$tool/build" -o "$tool/package" >&2
                dotnet tool install --add-source "$tool/package" --tool-path "$tool/bin" clan-conformance >&2
              fi
              exec "$tool/bin/clan-conformance" "$@"
            ''
          );
        };
      });
    };
}

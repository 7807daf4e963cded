namespace Conformance.Model.Cases;

/// <summary><c>inventory.machines.&lt;m&gt;.machineClass</c>: which module system builds the machine.</summary>
public enum MachineClass
{
    Nixos,
    Darwin,
}

public static class MachineClassExtensions
{
    public static string ToNix(this MachineClass c) => c == MachineClass.Nixos ? "nixos" : "darwin";
}

using Xunit.Sdk;

namespace OptimizerLab.Snapshots.Verification;

/// <summary>A snapshot differs from its verified file, or has none on a build server; the message says what moved.</summary>
public sealed class SnapshotMismatchException(string message) : XunitException(message);

using FsCheck.Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace OptimizerLab.Properties.Gate;

/// <summary>FsCheck's discoverer, handing out test cases whose failure messages lead with the cause.</summary>
public sealed class SeededPropertyDiscoverer(IMessageSink messageSink) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod,
        IAttributeInfo factAttribute)
    {
        yield return new SeededPropertyTestCase(messageSink, discoveryOptions.MethodDisplayOrDefault(),
            discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod);
    }
}

/// <summary>FsCheck's test case, run through <see cref="CauseFirstMessageBus"/>.</summary>
public sealed class SeededPropertyTestCase : PropertyTestCase
{
    [Obsolete("For xunit's deserialisation only.")]
    public SeededPropertyTestCase()
    {
    }

    public SeededPropertyTestCase(IMessageSink sink, TestMethodDisplay display, TestMethodDisplayOptions options, ITestMethod method)
        : base(sink, display, options, method, null)
    {
    }

    public override Task<RunSummary> RunAsync(IMessageSink diagnosticMessageSink, IMessageBus messageBus,
        object[] constructorArguments, ExceptionAggregator aggregator, CancellationTokenSource cancellationTokenSource) =>
        base.RunAsync(diagnosticMessageSink, new CauseFirstMessageBus(messageBus), constructorArguments, aggregator,
            cancellationTokenSource);
}

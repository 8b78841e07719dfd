namespace OptimizerLab.Properties.Core.Schedules;

/// <summary>Stepping a schedule allocates nothing: it runs once per batch in a training loop.</summary>
public class ScheduleAllocationTests
{
    [Theory]
    [MemberData(nameof(ScheduleCases.All), MemberType = typeof(ScheduleCases))]
    public void Steps_allocate_nothing(string name)
    {
        var schedule = ScheduleCases.Build(name, ScheduleCases.Optimizer());

        // Warm up so that JIT tiering and static initialisation are not counted.
        for (int i = 0; i < 5; i++) ScheduleCases.Step(schedule);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 50; i++) ScheduleCases.Step(schedule);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        allocated.Should().Be(0, $"{name}.Step allocated {allocated} bytes over 50 steps");
    }
}

using AgentPlatform.TestSupport;

// Every test here starts the AppHost (the whole stack, or its publish run): all of them are slow.
[assembly: Trait(TestSpeed.Trait, TestSpeed.Slow)]

namespace AgentPlatform.Ports;

public enum CalendarInterval { Hour, Day, Week, Month }

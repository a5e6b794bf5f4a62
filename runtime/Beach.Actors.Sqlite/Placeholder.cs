namespace Beach.Actors.Sqlite; internal static class Placeholder;

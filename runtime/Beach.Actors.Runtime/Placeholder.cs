namespace Beach.Actors.Runtime; internal static class Placeholder;

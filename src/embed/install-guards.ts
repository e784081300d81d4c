// Imported first by main.tsx, so the guards are in place before any other module is evaluated.
import { installStorageGuards } from './guards.ts';

installStorageGuards();

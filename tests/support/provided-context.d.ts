// Values the global setups provide to tests (`inject`).
declare module 'vitest' {
  export interface ProvidedContext {
    /** `127.0.0.1:<port>` of the Auth emulator the project's global setup started. */
    authEmulatorHost: string;
  }
}

export {};

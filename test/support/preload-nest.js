// @willsoto/nestjs-prometheus is CommonJS and require()s the ESM-only @nestjs/common; jest's module
// registry refuses that require while @nestjs/common is still being linked, unless it is loaded first.
import '@nestjs/common';

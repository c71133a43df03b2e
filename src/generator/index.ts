/** Entry point of the `pmig-generator` bin: hands pmig's generator to Prisma's generator protocol. */
import { generatorHandler } from '@prisma/generator-helper';
import { onGenerate, onManifest } from './handler';

export function runGenerator(): void {
  generatorHandler({ onManifest, onGenerate: (options) => onGenerate(options) });
}

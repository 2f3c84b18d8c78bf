import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { hello } from '#domain';
@Controller()
class A { @Get('x') x() { return hello(); } }
@Module({ controllers: [A] })
class M {}
const app = await NestFactory.create(M);
await app.listen(18080);
console.log('up');
await app.close();

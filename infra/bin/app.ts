import { App } from 'aws-cdk-lib';
import { buildApp } from '../lib/app';

// Stage and every other knob come from context: `-c stage=prod -c alarmEmail=ops@example.com`.
buildApp(new App());
